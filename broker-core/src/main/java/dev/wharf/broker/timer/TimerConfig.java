package dev.wharf.broker.timer;

import java.time.Duration;
import java.util.Objects;

/**
 * How messages with an arbitrary delivery time ({@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC},
 * {@code TIMER_DELAY_MS}) are held.
 *
 * @param maxDelay the furthest ahead a delivery time may be; a later one is refused
 */
public record TimerConfig(Duration maxDelay) {

    public TimerConfig {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive, got " + maxDelay);
        }
    }

    /** Delivery up to 3 days ahead, Apache RocketMQ's {@code timerMaxDelaySec}. */
    public static TimerConfig defaults() {
        return new TimerConfig(Duration.ofDays(3));
    }
}
