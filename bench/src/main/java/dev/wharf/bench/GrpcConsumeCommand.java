package dev.wharf.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grpc-consume}: drain a backlog with the 5.x gRPC SDK; rate and end-to-end latency. */
@Command(name = "grpc-consume", mixinStandardHelpOptions = true,
        description = "Drain a topic with a 5.x SDK SimpleConsumer or PushConsumer (see --mode); print msgs/s, MiB/s and "
                + "end-to-end latency.")
public final class GrpcConsumeCommand implements Callable<Integer> {

    @Mixin
    GrpcTargetOptions target;

    @Mixin
    DrainOptions drain;

    @Option(names = "--mode", defaultValue = "simple",
            description = "simple (SimpleConsumer: receive, then ack each message) or push (PushConsumer with a "
                    + "counting listener) (default ${DEFAULT-VALUE}).")
    GrpcConsumeMode mode;

    @Option(names = "--threads", defaultValue = "0",
            description = "push: consumption threads; simple: receive calls in flight (default: 20 for push, the "
                    + "SDK's own; 4 for simple).")
    int threads;

    @Option(names = "--request-timeout", defaultValue = "3s", description = "SDK call timeout (default ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--rewind-namesrv",
            description = "Remoting name server (Wharf's Remoting port, Apache's NameServer): before draining, create the "
                    + "group and commit its offset at the first message of every queue of the topic, so the drain reads "
                    + "the whole backlog. Without it the group must exist (Apache's proxy refuses consumers of unknown "
                    + "groups) and starts where the server chooses: Apache's proxy asks for the queue's end, and its "
                    + "broker starts at the beginning only while the first message is still in memory.")
    String rewindNameServer;

    @Override
    public Integer call() throws Exception {
        GrpcConsumeSettings settings = new GrpcConsumeSettings(target.target(), drain.group(), mode,
                threads > 0 ? threads : mode.defaultThreads(),
                requestTimeout, rewindNameServer, drain.limits());
        Watchdog.haltAfter(settings.limits().bound());
        if (rewindNameServer != null) {
            GroupRewind.toFirstMessages(rewindNameServer, settings.target().topic(), settings.consumerGroup());
        }
        ConsumeReport report = mode == GrpcConsumeMode.PUSH
                ? new PushConsumerDrain(settings).run()
                : new SimpleConsumerDrain(settings).run();
        return BenchReport.print(report, System.out);
    }
}
