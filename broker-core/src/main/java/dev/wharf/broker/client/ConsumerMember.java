package dev.wharf.broker.client;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.LanguageCode;

/**
 * One client connection in a consumer group, as its last heartbeat described it.
 *
 * @param connection the connection the heartbeat came on; notices are pushed through it
 * @param clientId the client's id
 * @param language the client's language
 * @param version the client's version ordinal
 * @param lastHeartbeatMillis when its last heartbeat arrived
 */
public record ConsumerMember(
        Connection connection, String clientId, LanguageCode language, int version, long lastHeartbeatMillis) {}
