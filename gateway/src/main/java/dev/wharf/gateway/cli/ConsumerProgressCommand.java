package dev.wharf.gateway.cli;

import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.messaging.admin.AdminResponses;
import dev.wharf.messaging.admin.QueueProgress;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wharf consumer-progress GROUP}: how far a group has consumed each queue, and its lag. */
@Command(name = "consumer-progress", description = "Show a consumer group's offsets and lag per queue.")
final class ConsumerProgressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GROUP", description = "The consumer group.")
    String group;

    @Mixin
    AdminOptions gateway;

    @Override
    public Integer call() {
        List<QueueProgress> queues;
        try (AdminClient client = AdminClient.connect(gateway)) {
            queues = AdminResponses.consumeProgress(
                    client.call("read the progress of group " + group, AdminRequests.consumeStats(group)));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-40s %5s %14s %14s %10s%n", "TOPIC", "QUEUE", "BROKER_OFFSET", "CONSUMER_OFFSET", "LAG");
        long totalLag = 0;
        for (QueueProgress queue : queues) {
            out.printf("%-40s %5d %14d %14d %10d%n",
                    queue.topic(), queue.queueId(), queue.brokerOffset(), queue.consumerOffset(), queue.lag());
            totalLag += queue.lag();
        }
        out.printf("Total lag: %d%n", totalLag);
        return 0;
    }
}
