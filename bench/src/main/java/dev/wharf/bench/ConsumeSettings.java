package dev.wharf.bench;

import java.time.Duration;

/**
 * One drain by a push consumer, from the first offset of every queue.
 *
 * @param target where to read
 * @param consumerGroup the group; a new one starts at the first offset
 * @param mode whether the consumer pulls or pops
 * @param popThreshold in pop mode, the client's {@code popThresholdForQueue}
 * @param consumeThreads the client's consume pool size (min = max)
 * @param warmUp time after the first message whose messages are not measured
 * @param duration the longest the drain may run
 * @param idle stop once no message arrived for this long (the backlog is drained)
 * @param expectedMessages stop as soon as this many arrived; 0 to rely on {@code idle}
 */
public record ConsumeSettings(
        TargetOptions target,
        String consumerGroup,
        ConsumeMode mode,
        int popThreshold,
        int consumeThreads,
        Duration warmUp,
        Duration duration,
        Duration idle,
        long expectedMessages) {

    public ConsumeSettings {
        if (consumeThreads < 1 || popThreshold < 1 || expectedMessages < 0) {
            throw new IllegalArgumentException(
                    "consume threads and the pop threshold must be positive, expected messages not negative");
        }
    }

    /** The longest a run may take, counting the client's start and shutdown. */
    public Duration bound() {
        return duration.plusSeconds(30);
    }
}
