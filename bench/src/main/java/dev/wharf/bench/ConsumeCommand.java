package dev.wharf.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code consume}: drain a backlog by pull or by POP with the Remoting client; rate and end-to-end latency. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Drain a topic from its first offset (pull or POP, see --mode); print msgs/s, MiB/s and end-to-end latency.")
public final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    DrainOptions drain;

    @Option(names = "--mode", defaultValue = "pull",
            description = "pull (push consumer: client rebalance, PULL_MESSAGE), pop (push consumer in POP mode: broker "
                    + "assignment, POP_MESSAGE + ACK_MESSAGE per message; sets the group's request mode to POP first) or "
                    + "pop_batch_ack (no push consumer: POP_MESSAGE + one BATCH_ACK_MESSAGE per batch) "
                    + "(default ${DEFAULT-VALUE}).")
    ConsumeMode mode;

    @Option(names = "--pop-threshold", defaultValue = "96",
            description = "pop mode: messages the client may hold per assigned queue before it pauses popping; its own "
                    + "default is 96, for all queues of a broker together (default ${DEFAULT-VALUE}).")
    int popThreshold;

    @Option(names = "--threads", defaultValue = "20", description = "Consume threads (default ${DEFAULT-VALUE}, the client's own).")
    int threads;

    @Override
    public Integer call() throws Exception {
        ConsumeSettings settings =
                new ConsumeSettings(target.target(), drain.group(), mode, popThreshold, threads, drain.limits());
        Watchdog.haltAfter(settings.limits().bound());
        ConsumeReport report = mode == ConsumeMode.POP_BATCH_ACK
                ? new BatchAckPopDrain(settings).run()
                : new DrainLoad(settings).run();
        return BenchReport.print(report, System.out);
    }
}
