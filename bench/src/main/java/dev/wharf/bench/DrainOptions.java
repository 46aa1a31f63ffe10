package dev.wharf.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The consumer group of a drain and when it is over, whatever the client. */
public final class DrainOptions {

    @Option(names = "--group", required = true, description = "Consumer group; use a new one to read from the first offset.")
    String group;

    @Option(names = "--warmup", defaultValue = "0s", description = "Unmeasured time after the first message (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "60s", description = "Longest the drain may run (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--idle", defaultValue = "3s",
            description = "Stop after no message arrived for this long (default ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--expect", defaultValue = "0", description = "Stop once this many messages arrived (0: use --idle).")
    long expect;

    String group() {
        return group;
    }

    DrainLimits limits() {
        return new DrainLimits(warmUp, duration, idle, expect);
    }
}
