package dev.wharf.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency distribution, in microseconds.
 *
 * @param count number of samples
 * @param p50Micros median
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros largest sample
 */
public record LatencySummary(long count, long p50Micros, long p99Micros, long p999Micros, long maxMicros) {

    /** Reads the percentiles of a histogram whose values are microseconds. */
    public static LatencySummary of(Histogram micros) {
        return new LatencySummary(
                micros.getTotalCount(),
                micros.getValueAtPercentile(50.0),
                micros.getValueAtPercentile(99.0),
                micros.getValueAtPercentile(99.9),
                micros.getMaxValue());
    }

    static double millis(long micros) {
        return micros / 1000.0;
    }
}
