package dev.wharf.messaging;

import java.time.Duration;

/**
 * What a consumer of the HTTP, WebSocket or a plugin protocol asks {@link Messaging#receive} for.
 *
 * @param group the consumer group
 * @param topic the topic
 * @param tagExpression {@code *} (or null) for every message, else tags joined with {@code ||}
 * @param maxMessages at most this many, 1 to {@value Messaging#MAX_BATCH}
 * @param invisibleTime how long the messages stay invisible to the group unless acknowledged
 * @param pollTime how long to wait for a message when none is there (long polling), up to
 *     {@link Messaging#MAX_WAIT}; zero answers at once
 */
public record ReceiveRequest(String group, String topic, String tagExpression, int maxMessages,
        Duration invisibleTime, Duration pollTime) {}
