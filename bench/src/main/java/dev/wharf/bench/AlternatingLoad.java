package dev.wharf.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compares two targets within one process: one client per target, and the same sending threads switched between
 * them in short slices, A B B A A B B A and so on. Both targets see the same client JVM, the same stage of its and the
 * server's JIT warm-up and the same machine noise, so their ratio resolves differences of a few percent that runs
 * in separate processes (each with its own cold client, seconds or minutes apart) swing well beyond.
 *
 * <p>A send counts in the slice it started in, so the sends straddling a switch (at most one per thread) fall on
 * the side that issued them. The warm-up alternates too, so neither side is measured colder than the other.
 * Sends are synchronous: each thread has one send outstanding, as in the runs this compares against.
 */
public final class AlternatingLoad {

    /** Which side each slice of a block of four serves: A B B A, so a linear drift weighs both sides alike. */
    private static final int[] BLOCK = {0, 1, 1, 0};

    private final ProduceSettings[] sides;
    private final Duration slice;
    private final byte[] body;
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile Slice current;

    /** Alternates between {@code first} and {@code second}, whose settings differ only in their target. */
    public AlternatingLoad(ProduceSettings first, ProduceSettings second, Duration slice) {
        if (first.mode() != SendMode.SYNC) {
            throw new IllegalArgumentException("an alternating run sends synchronously (--mode sync)");
        }
        if (first.messageLimit() > 0) {
            throw new IllegalArgumentException("an alternating run is bounded by time, not by --messages");
        }
        if (slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("a slice must last longer than zero");
        }
        this.sides = new ProduceSettings[] {first, second};
        this.slice = slice;
        this.body = ProducerLoad.randomBody(first.messageBytes());
    }

    /** Slices in the measured part: whole blocks of four, at least one, as close to the duration as that allows. */
    int measuredSlices() {
        long blocks = Math.max(1, Math.round(sides[0].duration().toNanos() / (4.0 * slice.toNanos())));
        return Math.toIntExact(blocks * BLOCK.length);
    }

    /** Slices in the warm-up: enough to cover it, and at least one per side. */
    int warmUpSlices() {
        return Math.max(2, (int) Math.ceil(sides[0].warmUp().toNanos() / (double) slice.toNanos()));
    }

    /** The longest the run may take: every slice, a last send timing out, the clients' start and shutdown. */
    public Duration bound() {
        return slice.multipliedBy(warmUpSlices() + measuredSlices())
                .plus(sides[0].sendTimeout().multipliedBy(2)).plusSeconds(30);
    }

    /** Opens a client per side, runs the slices, closes the clients and reports each side's rate. */
    public AlternationReport run(MessageSender.Opener opener) throws Exception {
        try (MessageSender first = opener.open(sides[0], body); MessageSender second = opener.open(sides[1], body)) {
            MessageSender[] senders = {first, second};
            current = new Slice(0);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < sides[0].threads(); i++) {
                Thread thread = new Thread(() -> sendWhileRunning(senders), "wharf-bench-alternating-" + i);
                threads.add(thread);
                thread.start();
            }
            for (int i = 0; i < warmUpSlices(); i++) {
                current = new Slice(i % 2);
                TimeUnit.NANOSECONDS.sleep(slice.toNanos());
            }
            System.err.println(ProducerLoad.MEASURED_WINDOW_OPENS);
            List<Slice> measured = new ArrayList<>();
            for (int i = 0; i < measuredSlices(); i++) {
                Slice next = new Slice(BLOCK[i % BLOCK.length]);
                measured.add(next);
                current = next;
                TimeUnit.NANOSECONDS.sleep(slice.toNanos());
                next.end();
            }
            current = null;
            for (Thread thread : threads) {
                thread.join(sides[0].sendTimeout().multipliedBy(2).toMillis());
            }
            return report(measured);
        }
    }

    private void sendWhileRunning(MessageSender[] senders) {
        for (Slice slice = current; slice != null; slice = current) {
            try {
                senders[slice.side].send();
                slice.sent.increment();
            } catch (Exception e) {
                errors.increment();
                firstError.compareAndSet(null, ProducerLoad.describe(e));
            }
        }
    }

    private AlternationReport report(List<Slice> measured) {
        long[] messages = new long[2];
        long[] nanos = new long[2];
        List<Double> blockRatios = new ArrayList<>();
        for (int block = 0; block < measured.size(); block += BLOCK.length) {
            long[] blockMessages = new long[2];
            long[] blockNanos = new long[2];
            for (Slice slice : measured.subList(block, block + BLOCK.length)) {
                blockMessages[slice.side] += slice.sent.sum();
                blockNanos[slice.side] += slice.elapsedNanos();
            }
            for (int side = 0; side < 2; side++) {
                messages[side] += blockMessages[side];
                nanos[side] += blockNanos[side];
            }
            blockRatios.add(rate(blockMessages[1], blockNanos[1]) / rate(blockMessages[0], blockNanos[0]));
        }
        int size = body.length;
        return new AlternationReport(sides[0], sides[1].target(), slice,
                new Throughput(messages[0], messages[0] * size, nanos[0]),
                new Throughput(messages[1], messages[1] * size, nanos[1]),
                blockRatios, errors.sum(), firstError.get());
    }

    private static double rate(long messages, long nanos) {
        return new Throughput(messages, 0, nanos).messagesPerSecond();
    }

    /** One slice: the side its sends go to, what was sent in it and how long it lasted. */
    private static final class Slice {
        final int side;
        final LongAdder sent = new LongAdder();
        private final long startNanos = System.nanoTime();
        private volatile long endNanos;

        Slice(int side) {
            this.side = side;
        }

        void end() {
            endNanos = System.nanoTime();
        }

        long elapsedNanos() {
            return endNanos - startNanos;
        }
    }
}
