package dev.wharf.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code timer}: how punctually messages with a delivery time arrive. */
@Command(name = "timer", mixinStandardHelpOptions = true,
        description = "Send messages with delivery times spread over a window (setDeliverTimeMs) to a DELAY topic "
                + "and record, per message, store time and receive time minus the asked time.")
public final class TimerCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--messages", defaultValue = "100000", description = "Timer messages to send (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--min-delay", defaultValue = "20s", description = "Shortest delay after the send (default ${DEFAULT-VALUE}).")
    Duration minDelay;

    @Option(names = "--max-delay", defaultValue = "60s", description = "Longest delay after the send (default ${DEFAULT-VALUE}).")
    Duration maxDelay;

    @Option(names = "--size", defaultValue = "256", description = "Body bytes per message (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--in-flight", defaultValue = "512", description = "Async sends outstanding at once (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--queues", defaultValue = "8",
            description = "Queues of the DELAY topic the run creates on the broker at --namesrv (default ${DEFAULT-VALUE}).")
    int queues;

    @Option(names = "--group", defaultValue = "wharf-bench-timer", description = "Consumer group prefix (default ${DEFAULT-VALUE}).")
    String group;

    @Override
    public Integer call() throws Exception {
        TimerSettings settings = new TimerSettings(target, messages, minDelay, maxDelay, size, maxInFlight, queues,
                group + "-" + ProcessHandle.current().pid());
        Watchdog.haltAfter(settings.bound());
        return BenchReport.print(new TimerLoad(settings).run(), System.out);
    }
}
