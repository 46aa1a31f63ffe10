package dev.wharf.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code consume}: drain a backlog by pull or by POP; rate and end-to-end latency. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Drain a topic from its first offset (pull or POP, see --mode); print msgs/s, MiB/s and end-to-end latency.")
public final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--group", required = true, description = "Consumer group; use a new one to read from the first offset.")
    String group;

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

    @Option(names = "--warmup", defaultValue = "0s", description = "Unmeasured time after the first message (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "60s", description = "Longest the drain may run (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--idle", defaultValue = "3s",
            description = "Stop after no message arrived for this long (default ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--expect", defaultValue = "0", description = "Stop once this many messages arrived (0: use --idle).")
    long expect;

    @Override
    public Integer call() throws Exception {
        ConsumeSettings settings = new ConsumeSettings(target, group, mode, popThreshold, threads, warmUp, duration, idle, expect);
        Watchdog.haltAfter(settings.bound());
        ConsumeReport report = mode == ConsumeMode.POP_BATCH_ACK
                ? new BatchAckPopDrain(settings).run()
                : new DrainLoad(settings).run();
        return BenchReport.print(report, System.out);
    }
}
