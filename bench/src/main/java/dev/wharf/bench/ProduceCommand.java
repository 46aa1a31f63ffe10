package dev.wharf.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce}: producer throughput and send latency. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send fixed-size messages from several threads; print msgs/s, MiB/s and send latency.")
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--group", defaultValue = "wharf-bench-producer", description = "Producer group (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--size", defaultValue = "1024", description = "Body bytes per message (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--threads", defaultValue = "4", description = "Sending threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", defaultValue = "5s", description = "Unmeasured time first (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "30s", description = "Measured time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--mode", defaultValue = "sync", description = "sync or async (default ${DEFAULT-VALUE}).")
    SendMode mode;

    @Option(names = "--in-flight", defaultValue = "1024",
            description = "Async sends outstanding at once over all threads (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--send-timeout", defaultValue = "3s", description = "Client send timeout (default ${DEFAULT-VALUE}).")
    Duration sendTimeout;

    @Override
    public Integer call() throws Exception {
        ProduceSettings settings =
                new ProduceSettings(target, group, size, threads, warmUp, duration, mode, maxInFlight, sendTimeout);
        Watchdog.haltAfter(settings.bound());
        return BenchReport.print(new ProducerLoad(settings).run(), System.out);
    }
}
