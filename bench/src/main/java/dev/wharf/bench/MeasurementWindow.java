package dev.wharf.bench;

import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The part of a run that counts: events before {@code start + warmUp} are ignored, so start-up, route
 * discovery and JIT compilation do not dilute the rate. The window closes at the last counted event.
 */
public final class MeasurementWindow {

    private final long measureFromNanos;
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAccumulator lastEventNanos;

    /** A window that begins {@code warmUp} after {@code startNanos} (a {@link System#nanoTime()} reading). */
    public MeasurementWindow(long startNanos, Duration warmUp) {
        this.measureFromNanos = startNanos + warmUp.toNanos();
        this.lastEventNanos = new LongAccumulator(Math::max, measureFromNanos);
    }

    /** Whether something that started at {@code nanos} falls inside the window. */
    public boolean counts(long nanos) {
        return nanos - measureFromNanos >= 0;
    }

    /**
     * Counts one message of {@code size} bytes that began at {@code startedNanos} and finished at
     * {@code finishedNanos}, if it began inside the window; answers whether it was counted.
     */
    public boolean record(long startedNanos, long finishedNanos, int size) {
        if (!counts(startedNanos)) {
            return false;
        }
        messages.increment();
        bytes.add(size);
        lastEventNanos.accumulate(finishedNanos);
        return true;
    }

    /** What was counted, over the time from the window's start to the last counted event. */
    public Throughput throughput() {
        return new Throughput(messages.sum(), bytes.sum(), lastEventNanos.get() - measureFromNanos);
    }
}
