package dev.wharf.broker.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * How transactional half messages that nobody resolved are checked back with their producer group.
 *
 * @param checkInterval how often unresolved half messages are looked at
 * @param timeout how old a half message must be before its producer is asked about it
 * @param maxChecks how many times a producer is asked before {@code onMaxChecks} decides
 * @param onMaxChecks what happens to a half message still unresolved after {@code maxChecks}
 */
public record TransactionConfig(Duration checkInterval, Duration timeout, int maxChecks, Resolution onMaxChecks) {

    /** The fate of a half message its producer never resolved. */
    public enum Resolution {
        /** Dropped, as Apache RocketMQ does (it keeps a copy in {@code TRANS_CHECK_MAX_TIME_TOPIC}). */
        ROLLBACK,
        /** Delivered to its topic. */
        COMMIT
    }

    public TransactionConfig {
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onMaxChecks, "onMaxChecks");
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive, got " + checkInterval);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        if (maxChecks < 1) {
            throw new IllegalArgumentException("maxChecks must be at least 1, got " + maxChecks);
        }
    }

    /** Apache RocketMQ's defaults: look every 30 s at halves older than 6 s, ask 15 times, then roll back. */
    public static TransactionConfig defaults() {
        return new TransactionConfig(Duration.ofSeconds(30), Duration.ofSeconds(6), 15, Resolution.ROLLBACK);
    }
}
