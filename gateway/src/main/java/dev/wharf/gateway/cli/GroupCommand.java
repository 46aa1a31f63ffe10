package dev.wharf.gateway.cli;

import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.messaging.admin.AdminResponses;
import dev.wharf.messaging.admin.GroupSummary;
import java.io.PrintWriter;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wharf group create|list|delete}: consumer (subscription) group administration. */
@Command(name = "group", description = "Create, list and delete consumer groups on a running gateway.")
final class GroupCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "create", description = "Create a consumer group, or change its retry limit or order.")
    int create(
            @Parameters(paramLabel = "NAME", description = "The group.") String group,
            @Option(names = "--fifo", description = "Consume in FIFO order: one message group's messages one at a "
                    + "time, in send order (RocketMQ's consumeMessageOrderly; 5.x FIFO consumers need it).")
                    boolean fifo,
            @Option(names = "--max-retries", paramLabel = "N",
                    description = "Deliveries before a failing message goes to %%DLQ%%<group> "
                            + "(default: the gateway's broker.maxReconsumeTimes).") Integer maxRetries,
            @Mixin AdminOptions gateway) {
        OptionalInt retries = maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
        try (AdminClient client = AdminClient.connect(gateway)) {
            client.call("create group " + group, AdminRequests.createGroup(group, retries, fifo));
        }
        spec.commandLine().getOut().printf("Created group %s%n", group);
        return 0;
    }

    @Command(name = "list", description = "List the groups with their retry limits and order.")
    int list(@Mixin AdminOptions gateway) {
        try (AdminClient client = AdminClient.connect(gateway)) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-40s %-12s %s%n", "GROUP", "MAX_RETRIES", "ORDER");
            for (GroupSummary group : AdminResponses.groups(client.call("list groups", AdminRequests.listGroups()))) {
                out.printf("%-40s %-12d %s%n", group.name(), group.retryMaxTimes(), group.fifo() ? "FIFO" : "concurrent");
            }
        }
        return 0;
    }

    @Command(name = "delete", description = "Delete a group and its consumer offsets.")
    int delete(@Parameters(paramLabel = "NAME", description = "The group.") String group, @Mixin AdminOptions gateway) {
        try (AdminClient client = AdminClient.connect(gateway)) {
            client.call("delete group " + group, AdminRequests.deleteGroup(group));
        }
        spec.commandLine().getOut().printf("Deleted group %s%n", group);
        return 0;
    }
}
