package dev.wharf.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * What a drain received, however it received it: the measured window opens at the first message plus the
 * warm-up (so subscription and rebalancing time does not count against the rate; it is reported separately),
 * end-to-end latency per message, and when the drain is over (no message for the idle time, the expected
 * count arrived, or the duration is up).
 */
final class Arrivals {

    private static final long POLL_MILLIS = 50;

    private final ConsumeSettings settings;
    private final long startedNanos = System.nanoTime();
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final LongAdder delivered = new LongAdder();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private volatile MeasurementWindow window;
    private volatile long firstArrivalNanos;

    /** Starts the clock: the time to the first message is measured from here. */
    Arrivals(ConsumeSettings settings) {
        this.settings = settings;
    }

    /** Records messages that just arrived; safe from any thread. */
    void record(List<MessageExt> messages) {
        // Before the window exists, so the idle check never sees a window without an arrival time.
        lastArrivalNanos.accumulateAndGet(System.nanoTime(), Math::max);
        MeasurementWindow measured = windowStartingAt(System.nanoTime());
        // Read after the window exists, so no arrival can predate its start and be lost.
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (MessageExt message : messages) {
            delivered.increment();
            // Each message "starts" when it arrives: the window decides whether the warm-up is over.
            if (measured.record(nowNanos, nowNanos, message.getBody().length)) {
                endToEnd.recordMicros(TimeUnit.MILLISECONDS.toMicros(nowMillis - message.getBornTimestamp()));
            }
        }
    }

    private MeasurementWindow windowStartingAt(long nowNanos) {
        MeasurementWindow measured = window;
        if (measured == null) {
            synchronized (this) {
                if (window == null) {
                    firstArrivalNanos = nowNanos;
                    window = new MeasurementWindow(nowNanos, settings.warmUp());
                }
                measured = window;
            }
        }
        return measured;
    }

    /** Whether the drain is over: the backlog is gone, the expected count arrived, or time is up. */
    boolean over() {
        long now = System.nanoTime();
        return now - (startedNanos + settings.duration().toNanos()) >= 0
                || (window != null && now - lastArrivalNanos.get() > settings.idle().toNanos())
                || (settings.expectedMessages() > 0 && delivered.sum() >= settings.expectedMessages());
    }

    /** Blocks until {@link #over()}. */
    void awaitOver() throws InterruptedException {
        while (!over()) {
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Summarises the measured window. */
    ConsumeReport report() {
        MeasurementWindow measured = window;
        Throughput throughput = measured == null ? new Throughput(0, 0, 0) : measured.throughput();
        long firstMillis = measured == null ? -1 : TimeUnit.NANOSECONDS.toMillis(firstArrivalNanos - startedNanos);
        return new ConsumeReport(settings, throughput, endToEnd.summary(), firstMillis, delivered.sum());
    }
}
