package dev.wharf.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce}: producer throughput and send latency with the Remoting client. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send fixed-size messages from several threads; print msgs/s, MiB/s and send latency.")
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--group", defaultValue = "wharf-bench-producer", description = "Producer group (default ${DEFAULT-VALUE}).")
    String group;

    @Mixin
    LoadOptions load;

    @Mixin
    AlternationOptions alternation;

    @Override
    public Integer call() throws Exception {
        ProduceSettings settings = load.settings(target.target(), group);
        return alternation.run(settings, RemotingSender::open);
    }
}
