package dev.wharf.broker.stats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Message counters for runtime info: totals put and delivered since start, today's and yesterday's
 * morning snapshots, and rates over the last 10 s, 1 min and 10 min from snapshots taken every 10 s.
 *
 * <pre>{@code
 * stats.messagesPut(1);              // on every append
 * stats.sample();                    // every 10 s, from the broker's timer
 * stats.putTps();                    // "12.30 11.80 9.95"
 * }</pre>
 */
public final class BrokerStats {

    /** How often {@link #sample()} is meant to run. */
    public static final long SAMPLE_INTERVAL_MILLIS = 10_000;
    private static final int SAMPLES_KEPT = 61;

    private record Sample(long atMillis, long put, long got) {}

    private final Clock clock;
    private final ZoneId zone;
    private final LongAdder put = new LongAdder();
    private final LongAdder got = new LongAdder();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private LocalDate today;
    private Sample todayMorning;
    private Sample yesterdayMorning;

    public BrokerStats(Clock clock) {
        this.clock = clock;
        this.zone = ZoneId.systemDefault();
        Sample start = new Sample(clock.millis(), 0, 0);
        this.today = LocalDate.now(clock.withZone(zone));
        this.todayMorning = start;
        this.yesterdayMorning = start;
        samples.add(start);
    }

    public void messagesPut(int count) {
        put.add(count);
    }

    public void messagesGot(int count) {
        got.add(count);
    }

    /** Takes a snapshot; at the first one of a new day, today's morning becomes yesterday's. */
    public synchronized void sample() {
        Sample now = current();
        LocalDate date = LocalDate.now(clock.withZone(zone));
        if (!date.equals(today)) {
            today = date;
            yesterdayMorning = todayMorning;
            todayMorning = now;
        }
        samples.addLast(now);
        while (samples.size() > SAMPLES_KEPT) {
            samples.removeFirst();
        }
    }

    public long putTotal() {
        return put.sum();
    }

    public long gotTotal() {
        return got.sum();
    }

    public synchronized long putTodayMorning() {
        return todayMorning.put();
    }

    public synchronized long gotTodayMorning() {
        return todayMorning.got();
    }

    public synchronized long putYesterdayMorning() {
        return yesterdayMorning.put();
    }

    public synchronized long gotYesterdayMorning() {
        return yesterdayMorning.got();
    }

    /** Appends per second over the last 10 s, 1 min and 10 min, as RocketMQ formats them. */
    public synchronized String putTps() {
        Sample now = current();
        return String.format("%.2f %.2f %.2f", rate(now, 1, true), rate(now, 6, true), rate(now, 60, true));
    }

    /** Deliveries per second over the last 10 s, 1 min and 10 min. */
    public synchronized String gotTps() {
        Sample now = current();
        return String.format("%.2f %.2f %.2f", rate(now, 1, false), rate(now, 6, false), rate(now, 60, false));
    }

    private Sample current() {
        return new Sample(clock.millis(), put.sum(), got.sum());
    }

    /** Rate from the sample {@code back} intervals before the newest (or the oldest kept) to now. */
    private double rate(Sample now, int back, boolean puts) {
        Iterator<Sample> newestFirst = samples.descendingIterator();
        Sample from = samples.peekFirst();
        for (int i = 0; i <= back && newestFirst.hasNext(); i++) {
            from = newestFirst.next();
        }
        long millis = now.atMillis() - from.atMillis();
        long count = puts ? now.put() - from.put() : now.got() - from.got();
        return millis <= 0 ? 0 : count * 1000.0 / millis;
    }
}
