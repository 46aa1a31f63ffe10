package dev.wharf.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a drain, whichever client ran it: rate over the measured window and end-to-end latency (born
 * timestamp to the moment the listener saw the message).
 *
 * @param settings what was run
 * @param result what arrived
 */
public record ConsumeReport(DrainSettings settings, DrainResult result) implements BenchReport {

    @Override
    public Throughput throughput() {
        return result.throughput();
    }

    @Override
    public List<String> lines() {
        Throughput throughput = result.throughput();
        LatencySummary endToEnd = result.endToEnd();
        String header = String.format(Locale.ROOT, "consume (%s) %s topic=%s group=%s threads=%d warm-up=%ds",
                settings.modeName(), settings.target().describe(), settings.target().topic(),
                settings.consumerGroup(), settings.threads(), settings.limits().warmUp().toSeconds());
        String rate = String.format(Locale.ROOT,
                "%d messages in %.2f s: %.1f msgs/s, %.2f MiB/s (%d delivered in all, first after %d ms)",
                throughput.messages(), throughput.elapsedSeconds(), throughput.messagesPerSecond(),
                throughput.mebibytesPerSecond(), result.delivered(), result.firstMessageMillis());
        String latency = String.format(Locale.ROOT, "end-to-end latency ms: p50 %.0f  p99 %.0f  p999 %.0f  max %.0f",
                LatencySummary.millis(endToEnd.p50Micros()), LatencySummary.millis(endToEnd.p99Micros()),
                LatencySummary.millis(endToEnd.p999Micros()), LatencySummary.millis(endToEnd.maxMicros()));
        String cpu = String.format(Locale.ROOT, "client CPU: %.1f us per message", result.clientCpuMicrosPerMessage());
        return List.of(header, rate, latency, cpu, json());
    }

    /** The single-line JSON summary. */
    public String json() {
        Throughput throughput = result.throughput();
        LatencySummary endToEnd = result.endToEnd();
        return settings.target().putInto(new JsonLine().put("kind", "consume"))
                .put("group", settings.consumerGroup())
                .put("mode", settings.modeName())
                .put("messages", throughput.messages())
                .put("delivered", result.delivered())
                .put("expected", settings.limits().expectedMessages())
                .put("seconds", throughput.elapsedSeconds())
                .put("msgsPerSec", throughput.messagesPerSecond())
                .put("mibPerSec", throughput.mebibytesPerSecond())
                .put("firstMessageMs", result.firstMessageMillis())
                .put("e2eP50Ms", LatencySummary.millis(endToEnd.p50Micros()))
                .put("e2eP99Ms", LatencySummary.millis(endToEnd.p99Micros()))
                .put("e2eP999Ms", LatencySummary.millis(endToEnd.p999Micros()))
                .put("clientCpuUsPerMsg", result.clientCpuMicrosPerMessage())
                .toString();
    }
}
