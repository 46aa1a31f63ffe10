package dev.wharf.broker.schedule;

import java.time.Duration;
import java.util.List;

/**
 * The delay of each level a message's {@code DELAY} property names, level 1 first. A level above the
 * highest is clamped to it, as RocketMQ does.
 *
 * <pre>{@code
 * DelayLevels levels = new DelayLevels(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
 * levels.clamp(7);                 // 2
 * levels.delayMillis(2);           // 5000
 * }</pre>
 */
public record DelayLevels(List<Duration> delays) {

    public DelayLevels {
        delays = List.copyOf(delays);
    }

    /** How many levels there are; 0 turns delayed delivery off. */
    public int count() {
        return delays.size();
    }

    /** {@code level} limited to the highest level; callers pass only levels above 0. */
    public int clamp(int level) {
        return Math.min(level, count());
    }

    /** The delay of a level from 1 to {@link #count()}. */
    public long delayMillis(int level) {
        return delays.get(level - 1).toMillis();
    }
}
