package dev.wharf.broker.pop;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How POP consumption brings back messages that were not acknowledged in time.
 *
 * @param reviveInterval how often the revive service looks for checkpoints that fell due
 * @param reviveReadBackoff the waits after successive failed reads of a message to revive, last one
 *     repeated; a read that fails is retried on this schedule, never dropped
 */
public record PopConfig(Duration reviveInterval, List<Duration> reviveReadBackoff) {

    public PopConfig {
        Objects.requireNonNull(reviveInterval, "reviveInterval");
        reviveReadBackoff = List.copyOf(reviveReadBackoff);
        if (reviveInterval.isNegative() || reviveInterval.isZero()) {
            throw new IllegalArgumentException("reviveInterval must be positive, got " + reviveInterval);
        }
        if (reviveReadBackoff.isEmpty() || reviveReadBackoff.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("reviveReadBackoff needs positive waits, got " + reviveReadBackoff);
        }
    }

    /**
     * Revive every second; a failed read waits 10 s, 20 s, 30 s, 1 m, 2 m … 10 m, 20 m, 30 m, 1 h, then
     * every 2 h — the schedule Apache RocketMQ settled on for re-put checkpoints.
     */
    public static PopConfig defaults() {
        Stream<Duration> seconds = Stream.of(10, 20, 30).map(Duration::ofSeconds);
        Stream<Duration> minutes = Stream.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30).map(Duration::ofMinutes);
        Stream<Duration> hours = Stream.of(1, 2).map(Duration::ofHours);
        return new PopConfig(Duration.ofSeconds(1), Stream.of(seconds, minutes, hours).flatMap(s -> s).toList());
    }
}
