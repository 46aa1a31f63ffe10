package dev.wharf.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The outcome of an {@link AlternatingLoad}: each side's rate over its measured slices, their ratio (second over
 * first) and the ratio of every block of four slices, whose spread shows how far one block's figure can be trusted.
 *
 * @param settings the run's settings, with the first target
 * @param second the target compared against the first
 * @param slice how long each slice lasted
 * @param first the first target's measured slices
 * @param versus the second target's measured slices
 * @param blockRatios second over first in each block of four slices
 * @param errors failed sends over the whole run, warm-up included
 * @param firstError the first failure's description, or null
 */
public record AlternationReport(
        ProduceSettings settings,
        LoadTarget second,
        Duration slice,
        Throughput first,
        Throughput versus,
        List<Double> blockRatios,
        long errors,
        String firstError) implements BenchReport {

    public AlternationReport {
        blockRatios = List.copyOf(blockRatios);
    }

    /** The second target's rate over the first's. */
    public double ratio() {
        return versus.messagesPerSecond() / first.messagesPerSecond();
    }

    @Override
    public Throughput throughput() {
        return new Throughput(first.messages() + versus.messages(), first.bytes() + versus.bytes(),
                first.elapsedNanos() + versus.elapsedNanos());
    }

    @Override
    public List<String> lines() {
        String header = String.format(Locale.ROOT,
                "alternating produce %s against %s topic=%s threads=%d size=%d warm-up=%ds slices of %d ms",
                settings.target().describe(), second.describe(), settings.target().topic(), settings.threads(),
                settings.messageBytes(), settings.warmUp().toSeconds(), slice.toMillis());
        String rates = String.format(Locale.ROOT,
                "first %.1f msgs/s (%d in %.2f s), second %.1f msgs/s (%d in %.2f s): second/first %.3f, %d errors%s",
                first.messagesPerSecond(), first.messages(), first.elapsedSeconds(), versus.messagesPerSecond(),
                versus.messages(), versus.elapsedSeconds(), ratio(), errors,
                firstError == null ? "" : " (first: " + firstError + ")");
        return List.of(header, rates, "second/first per block of four slices: " + blocks(), json());
    }

    private String blocks() {
        return blockRatios.stream().map(ratio -> String.format(Locale.ROOT, "%.3f", ratio))
                .collect(Collectors.joining(" "));
    }

    /** The single-line JSON summary. */
    public String json() {
        return settings.target().putInto(new JsonLine().put("kind", "alternation"))
                .put("versus", second.address())
                .put("threads", settings.threads())
                .put("size", settings.messageBytes())
                .put("sliceMs", slice.toMillis())
                .put("msgsPerSec", first.messagesPerSecond())
                .put("versusMsgsPerSec", versus.messagesPerSecond())
                .put("ratio", ratio())
                .put("blockRatios", blocks())
                .put("errors", errors)
                .toString();
    }
}
