package dev.wharf.transport.spi.messaging;

import java.time.Duration;

/**
 * What a consumer of the HTTP, WebSocket or a plugin protocol asks {@link MessagingService#receive} for.
 *
 * <pre>{@code
 * // up to 16 messages tagged "created", invisible to the group for 30 s, waiting up to 20 s for the first
 * ReceiveRequest request = new ReceiveRequest("billing", "orders", "created", 16, Duration.ofSeconds(30),
 *         Duration.ofSeconds(20));
 * }</pre>
 *
 * @param group the consumer group
 * @param topic the topic
 * @param tagExpression {@code *} (or null) for every message, else tags joined with {@code ||}
 * @param maxMessages at most this many, 1 to {@value MessagingService#MAX_BATCH}
 * @param invisibleTime how long the messages stay invisible to the group unless acknowledged
 * @param pollTime how long to wait for a message when none is there (long polling), up to
 *     {@link MessagingService#MAX_WAIT}; zero answers at once
 */
public record ReceiveRequest(String group, String topic, String tagExpression, int maxMessages,
        Duration invisibleTime, Duration pollTime) {}
