package dev.wharf.gateway.cli;

import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.transport.spi.RemotingCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wharf listeners reload}: a running gateway re-reads its configuration file's listeners. */
@Command(name = "listeners", description = "Change a running gateway's listeners.")
final class ListenersCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "reload", description = "Re-read the gateway's --config file and its plugin folder, and apply "
            + "the listener changes: added ones bound, removed ones drained and closed, changed ones replaced, "
            + "unchanged ones untouched. A file the gateway refuses changes nothing.")
    int reload(@Mixin AdminOptions gateway) {
        RemotingCommand answer;
        try (AdminClient client = AdminClient.connect(gateway)) {
            answer = client.call("reload listeners", RemotingCommand.request(LocalGateway.RELOAD_LISTENERS).build());
        }
        spec.commandLine().getOut().println("Reloaded listeners: " + answer.remark());
        return 0;
    }
}
