package dev.wharf.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a drain: rate over the measured window and end-to-end latency (born timestamp to the
 * moment the listener saw the message).
 *
 * @param settings what was run
 * @param throughput messages delivered in the measured window
 * @param endToEnd born timestamp to delivery, at millisecond resolution (born timestamps are millis)
 * @param firstMessageMillis time from the consumer's start to its first message, or -1 if none came
 * @param delivered every delivery, warm-up included (redeliveries counted again)
 */
public record ConsumeReport(
        ConsumeSettings settings, Throughput throughput, LatencySummary endToEnd, long firstMessageMillis, long delivered)
        implements BenchReport {

    @Override
    public List<String> lines() {
        String header = String.format(Locale.ROOT, "consume (%s) %s topic=%s group=%s threads=%d warm-up=%ds",
                settings.mode().name().toLowerCase(Locale.ROOT), settings.target().nameServer(),
                settings.target().topic(), settings.consumerGroup(),
                settings.consumeThreads(), settings.warmUp().toSeconds());
        String rate = String.format(Locale.ROOT,
                "%d messages in %.2f s: %.1f msgs/s, %.2f MiB/s (%d delivered in all, first after %d ms)",
                throughput.messages(), throughput.elapsedSeconds(), throughput.messagesPerSecond(),
                throughput.mebibytesPerSecond(), delivered, firstMessageMillis);
        String latency = String.format(Locale.ROOT, "end-to-end latency ms: p50 %.0f  p99 %.0f  p999 %.0f  max %.0f",
                LatencySummary.millis(endToEnd.p50Micros()), LatencySummary.millis(endToEnd.p99Micros()),
                LatencySummary.millis(endToEnd.p999Micros()), LatencySummary.millis(endToEnd.maxMicros()));
        return List.of(header, rate, latency, json());
    }

    /** The single-line JSON summary. */
    public String json() {
        return new JsonLine()
                .put("kind", "consume")
                .put("namesrv", settings.target().nameServer())
                .put("topic", settings.target().topic())
                .put("group", settings.consumerGroup())
                .put("mode", settings.mode().name().toLowerCase(Locale.ROOT))
                .put("messages", throughput.messages())
                .put("delivered", delivered)
                .put("expected", settings.expectedMessages())
                .put("seconds", throughput.elapsedSeconds())
                .put("msgsPerSec", throughput.messagesPerSecond())
                .put("mibPerSec", throughput.mebibytesPerSecond())
                .put("firstMessageMs", firstMessageMillis)
                .put("e2eP50Ms", LatencySummary.millis(endToEnd.p50Micros()))
                .put("e2eP99Ms", LatencySummary.millis(endToEnd.p99Micros()))
                .put("e2eP999Ms", LatencySummary.millis(endToEnd.p999Micros()))
                .toString();
    }
}
