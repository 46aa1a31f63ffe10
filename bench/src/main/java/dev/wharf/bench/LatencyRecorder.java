package dev.wharf.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects latencies from any number of threads without locking (HdrHistogram's {@link Recorder}) at
 * microsecond resolution, and summarises them once the run is over.
 */
public final class LatencyRecorder {

    /** Three significant digits: 0.1% error, enough for p999. */
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);

    /** Records one latency; values beyond ten minutes are clamped rather than rejected. */
    public void recordMicros(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST_TRACKABLE_MICROS));
    }

    /** Records the time between two {@link System#nanoTime()} readings. */
    public void recordNanos(long startNanos, long endNanos) {
        recordMicros(TimeUnit.NANOSECONDS.toMicros(endNanos - startNanos));
    }

    /** Everything recorded so far. */
    public synchronized LatencySummary summary() {
        total.add(recorder.getIntervalHistogram());
        return LatencySummary.of(total);
    }
}
