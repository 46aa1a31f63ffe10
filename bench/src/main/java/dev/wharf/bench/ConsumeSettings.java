package dev.wharf.bench;

import java.util.Locale;

/**
 * One drain with the Remoting client, from the first offset of every queue.
 *
 * @param target where to read
 * @param consumerGroup the group; a new one starts at the first offset
 * @param mode whether the consumer pulls or pops
 * @param popThreshold in pop mode, the client's {@code popThresholdForQueue}
 * @param threads the client's consume pool size (min = max)
 * @param limits when the drain measures and when it is over
 */
public record ConsumeSettings(
        LoadTarget target, String consumerGroup, ConsumeMode mode, int popThreshold, int threads, DrainLimits limits)
        implements DrainSettings {

    public ConsumeSettings {
        if (threads < 1 || popThreshold < 1) {
            throw new IllegalArgumentException("consume threads and the pop threshold must be positive");
        }
    }

    @Override
    public String modeName() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
