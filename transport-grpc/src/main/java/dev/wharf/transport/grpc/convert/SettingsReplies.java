package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.CustomizedBackoff;
import apache.rocketmq.v2.ExponentialBackoff;
import apache.rocketmq.v2.Metric;
import apache.rocketmq.v2.RetryPolicy;
import apache.rocketmq.v2.Settings;
import java.time.Duration;
import java.util.List;

/**
 * The settings the server answers a client's Telemetry settings with: the client's own, with what the
 * server decides merged in. The SDK waits for this answer when it starts and applies it: a producer its
 * send retries, body limit and type check, a consumer its batch size, long-polling time, FIFO flag and
 * redelivery backoff. Metrics collection is not offered.
 */
public final class SettingsReplies {

    /** A producer's send retries, as Apache RocketMQ's proxy sets them. */
    static final int PRODUCER_MAX_ATTEMPTS = 3;
    static final Duration PRODUCER_INITIAL_BACKOFF = Duration.ofMillis(10);
    static final Duration PRODUCER_MAX_BACKOFF = Duration.ofSeconds(1);
    static final float PRODUCER_BACKOFF_MULTIPLIER = 2;

    static final int RECEIVE_BATCH_SIZE = 32;

    /** RocketMQ's redelivery delays by attempt, the same ladder as its delay levels 1s..2h. */
    static final List<Duration> REDELIVERY_BACKOFF = List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(4),
            Duration.ofMinutes(5), Duration.ofMinutes(6), Duration.ofMinutes(7), Duration.ofMinutes(8),
            Duration.ofMinutes(9), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2));

    private SettingsReplies() {}

    /**
     * A producer's settings with the server's send retries, largest body, and whether to check each
     * message's type against its topic's before sending.
     */
    public static Settings forProducer(Settings client, int maxBodySize, boolean validateMessageType) {
        return client.toBuilder()
                .setBackoffPolicy(RetryPolicy.newBuilder()
                        .setMaxAttempts(PRODUCER_MAX_ATTEMPTS)
                        .setExponentialBackoff(ExponentialBackoff.newBuilder()
                                .setInitial(ProtoTimes.duration(PRODUCER_INITIAL_BACKOFF.toMillis()))
                                .setMax(ProtoTimes.duration(PRODUCER_MAX_BACKOFF.toMillis()))
                                .setMultiplier(PRODUCER_BACKOFF_MULTIPLIER)))
                .setPublishing(client.getPublishing().toBuilder()
                        .setValidateMessageType(validateMessageType)
                        .setMaxBodySize(maxBodySize))
                .setMetric(Metric.newBuilder().setOn(false))
                .build();
    }

    /**
     * A consumer's settings with the server's batch size and {@code longPollingTimeout}, the group's FIFO flag,
     * and its redelivery backoff: {@code maxDeliveryAttempts} attempts, waiting RocketMQ's delay ladder between.
     */
    public static Settings forConsumer(Settings client, boolean fifo, int maxDeliveryAttempts,
            Duration longPollingTimeout) {
        return client.toBuilder()
                .setBackoffPolicy(RetryPolicy.newBuilder()
                        .setMaxAttempts(maxDeliveryAttempts)
                        .setCustomizedBackoff(CustomizedBackoff.newBuilder()
                                .addAllNext(REDELIVERY_BACKOFF.stream()
                                        .map(delay -> ProtoTimes.duration(delay.toMillis()))
                                        .toList())))
                .setSubscription(client.getSubscription().toBuilder()
                        .setFifo(fifo)
                        .setReceiveBatchSize(RECEIVE_BATCH_SIZE)
                        .setLongPollingTimeout(ProtoTimes.duration(longPollingTimeout.toMillis())))
                .setMetric(Metric.newBuilder().setOn(false))
                .build();
    }
}
