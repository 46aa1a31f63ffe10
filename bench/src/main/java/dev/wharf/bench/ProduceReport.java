package dev.wharf.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a producer run: rate over the measured window, send latency, failures.
 *
 * @param settings what was run
 * @param throughput messages acknowledged SEND_OK in the measured window
 * @param sendLatency time from the send call to its acknowledgement
 * @param acknowledged every send acknowledged SEND_OK, warm-up included: the backlog a drain should find
 * @param errors failed sends over the whole run, warm-up included
 * @param firstError the first failure's description, or null
 * @param clientCpuMicrosPerMessage this client process's CPU time over the measured window per measured
 *     message (-1 if unknown): on a shared machine, what the client takes is not available to the server
 */
public record ProduceReport(
        ProduceSettings settings,
        Throughput throughput,
        LatencySummary sendLatency,
        long acknowledged,
        long errors,
        String firstError,
        double clientCpuMicrosPerMessage) implements BenchReport {

    @Override
    public List<String> lines() {
        LoadTarget target = settings.target();
        String header = String.format(Locale.ROOT,
                "produce %s topic=%s mode=%s threads=%d size=%d warm-up=%ds measured=%ds",
                target.describe(), target.topic(), settings.mode(), settings.threads(), settings.messageBytes(),
                settings.warmUp().toSeconds(), settings.duration().toSeconds());
        String rate = String.format(Locale.ROOT,
                "%d messages in %.2f s: %.1f msgs/s, %.2f MiB/s (%d acknowledged in all), %d errors%s",
                throughput.messages(), throughput.elapsedSeconds(), throughput.messagesPerSecond(),
                throughput.mebibytesPerSecond(), acknowledged, errors,
                firstError == null ? "" : " (first: " + firstError + ")");
        String latency = String.format(Locale.ROOT, "send latency ms: p50 %.3f  p99 %.3f  p999 %.3f  max %.3f",
                LatencySummary.millis(sendLatency.p50Micros()), LatencySummary.millis(sendLatency.p99Micros()),
                LatencySummary.millis(sendLatency.p999Micros()), LatencySummary.millis(sendLatency.maxMicros()));
        String cpu = String.format(Locale.ROOT, "client CPU: %.1f us per message", clientCpuMicrosPerMessage);
        return List.of(header, rate, latency, cpu, json());
    }

    /** The single-line JSON summary. */
    public String json() {
        return settings.target().putInto(new JsonLine().put("kind", "produce"))
                .put("mode", settings.mode().name().toLowerCase(Locale.ROOT))
                .put("threads", settings.threads())
                .put("size", settings.messageBytes())
                .put("messages", throughput.messages())
                .put("seconds", throughput.elapsedSeconds())
                .put("msgsPerSec", throughput.messagesPerSecond())
                .put("mibPerSec", throughput.mebibytesPerSecond())
                .put("acknowledged", acknowledged)
                .put("errors", errors)
                .put("sendP50Ms", LatencySummary.millis(sendLatency.p50Micros()))
                .put("sendP99Ms", LatencySummary.millis(sendLatency.p99Micros()))
                .put("sendP999Ms", LatencySummary.millis(sendLatency.p999Micros()))
                .put("sendMaxMs", LatencySummary.millis(sendLatency.maxMicros()))
                .put("clientCpuUsPerMsg", clientCpuMicrosPerMessage)
                .toString();
    }
}
