package dev.wharf.compat.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The one bound every test waits with. Generous enough for a loaded two-core machine (a push consumer's
 * first rebalance, a route refresh, a redelivery after a 1 s delay level), short enough to fail fast.
 */
public final class Waits {

    public static final Duration BOUND = Duration.ofSeconds(30);

    private Waits() {}

    /** {@code await(alias)} bounded by {@link #BOUND}, polling every 100 ms. */
    public static ConditionFactory atMostBound(String alias) {
        return Awaitility.await(alias).atMost(BOUND).pollInterval(Duration.ofMillis(100));
    }
}
