package dev.wharf.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a producer run loads its target, whichever client it drives: message size, threads, time, count, send mode. */
public final class LoadOptions {

    @Option(names = "--size", defaultValue = "1024", description = "Body bytes per message (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--threads", defaultValue = "4", description = "Sending threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", defaultValue = "5s", description = "Unmeasured time first (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "30s", description = "Measured time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--messages", defaultValue = "0",
            description = "Stop after this many sends in all, warm-up included (default ${DEFAULT-VALUE}: no limit; "
                    + "the run still ends after warm-up + duration). With --warmup 0s, pre-loads an exact backlog.")
    long messages;

    @Option(names = "--mode", defaultValue = "sync", description = "sync or async (default ${DEFAULT-VALUE}).")
    SendMode mode;

    @Option(names = "--in-flight", defaultValue = "1024",
            description = "Async sends outstanding at once over all threads (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--send-timeout", defaultValue = "3s", description = "Client send timeout (default ${DEFAULT-VALUE}).")
    Duration sendTimeout;

    /** The settings of a run against {@code target}; {@code producerGroup} only matters to the Remoting client. */
    ProduceSettings settings(LoadTarget target, String producerGroup) {
        return new ProduceSettings(target, producerGroup, size, threads, warmUp, duration, messages, mode, maxInFlight,
                sendTimeout);
    }
}
