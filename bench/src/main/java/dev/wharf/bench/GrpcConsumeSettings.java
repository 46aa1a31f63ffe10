package dev.wharf.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * One drain with the 5.x gRPC SDK.
 *
 * @param target where to read
 * @param consumerGroup the group
 * @param mode SimpleConsumer or PushConsumer
 * @param threads push: the SDK's consumption threads; simple: receive calls in flight
 * @param requestTimeout the SDK's timeout for one call (a receive waits its long-polling time on top)
 * @param rewindNameServer a Remoting name server through which the group is made to start at the first message
 *     of every queue before the drain, or null to let the server choose where a new group starts
 * @param limits when the drain measures and when it is over
 */
public record GrpcConsumeSettings(
        LoadTarget target,
        String consumerGroup,
        GrpcConsumeMode mode,
        int threads,
        Duration requestTimeout,
        String rewindNameServer,
        DrainLimits limits) implements DrainSettings {

    public GrpcConsumeSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
    }

    @Override
    public String modeName() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
