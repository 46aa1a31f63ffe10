package dev.wharf.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * What a drain received, whichever client and however it received it: the measured window opens at the first
 * message plus the warm-up (so subscription and rebalancing time does not count against the rate; it is
 * reported separately),
 * end-to-end latency per message, and when the drain is over (no message for the idle time, the expected
 * count arrived, or the duration is up).
 */
final class Arrivals {

    private static final long POLL_MILLIS = 50;

    private final DrainLimits limits;
    private final long startedNanos = System.nanoTime();
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final LongAdder delivered = new LongAdder();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private volatile MeasurementWindow window;
    private volatile long firstArrivalNanos;
    private volatile long cpuAtFirstArrivalNanos = -1;
    private volatile long cpuWhenOverNanos = -1;

    /** Starts the clock: the time to the first message is measured from here. */
    Arrivals(DrainLimits limits) {
        this.limits = limits;
    }

    /** Records messages the Remoting client just delivered; safe from any thread. */
    void record(List<MessageExt> messages) {
        record(messages, message -> message.getBody().length, MessageExt::getBornTimestamp);
    }

    /** Records messages that just arrived, of any client's type; safe from any thread. */
    <T> void record(List<T> messages, ToIntFunction<T> bodyBytes, ToLongFunction<T> bornMillis) {
        // Before the window exists, so the idle check never sees a window without an arrival time.
        lastArrivalNanos.accumulateAndGet(System.nanoTime(), Math::max);
        MeasurementWindow measured = windowStartingAt(System.nanoTime());
        // Read after the window exists, so no arrival can predate its start and be lost.
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (T message : messages) {
            delivered.increment();
            // Each message "starts" when it arrives: the window decides whether the warm-up is over.
            if (measured.record(nowNanos, nowNanos, bodyBytes.applyAsInt(message))) {
                endToEnd.recordMicros(TimeUnit.MILLISECONDS.toMicros(nowMillis - bornMillis.applyAsLong(message)));
            }
        }
    }

    private MeasurementWindow windowStartingAt(long nowNanos) {
        MeasurementWindow measured = window;
        if (measured == null) {
            synchronized (this) {
                if (window == null) {
                    firstArrivalNanos = nowNanos;
                    cpuAtFirstArrivalNanos = ProcessCpu.nanos();
                    window = new MeasurementWindow(nowNanos, limits.warmUp());
                }
                measured = window;
            }
        }
        return measured;
    }

    /** Whether the drain is over: the backlog is gone, the expected count arrived, or time is up. */
    boolean over() {
        long now = System.nanoTime();
        return now - (startedNanos + limits.duration().toNanos()) >= 0
                || (window != null && now - lastArrivalNanos.get() > limits.idle().toNanos())
                || (limits.expectedMessages() > 0 && delivered.sum() >= limits.expectedMessages());
    }

    /** Blocks until {@link #over()}. */
    void awaitOver() throws InterruptedException {
        awaitOver(() -> false);
    }

    /**
     * Blocks until {@link #over()} or until {@code failed} answers true, and notes the process's CPU time then,
     * before the client shuts down.
     */
    void awaitOver(BooleanSupplier failed) throws InterruptedException {
        while (!over() && !failed.getAsBoolean()) {
            Thread.sleep(POLL_MILLIS);
        }
        cpuWhenOverNanos = ProcessCpu.nanos();
    }

    /** Summarises the measured window. */
    DrainResult result() {
        MeasurementWindow measured = window;
        Throughput throughput = measured == null ? new Throughput(0, 0, 0) : measured.throughput();
        long firstMillis = measured == null ? -1 : TimeUnit.NANOSECONDS.toMillis(firstArrivalNanos - startedNanos);
        long deliveries = delivered.sum();
        return new DrainResult(throughput, endToEnd.summary(), firstMillis, deliveries,
                ProcessCpu.microsPerMessage(cpuAtFirstArrivalNanos, cpuWhenOverNanos, deliveries));
    }
}
