package dev.wharf.bench;

import java.time.Duration;

/**
 * When a drain measures and when it is over, whatever the client.
 *
 * @param warmUp time after the first message whose messages are not measured
 * @param duration the longest the drain may run
 * @param idle stop once no message arrived for this long (the backlog is drained)
 * @param expectedMessages stop as soon as this many arrived; 0 to rely on {@code idle}
 */
public record DrainLimits(Duration warmUp, Duration duration, Duration idle, long expectedMessages) {

    public DrainLimits {
        if (expectedMessages < 0) {
            throw new IllegalArgumentException("expected messages must not be negative");
        }
    }

    /** The longest a run may take, counting the client's start and shutdown. */
    public Duration bound() {
        return duration.plusSeconds(30);
    }
}
