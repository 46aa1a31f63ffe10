package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.SubscriptionGroups;
import dev.wharf.compat.support.Topics;

/**
 * New, uniquely named topics and consumer groups, so tests sharing a server never see each other's messages. Both
 * are created up front, as an operator of Apache RocketMQ's gRPC proxy must: the SDK learns a topic's route (and
 * the message types it accepts) before it sends or receives, and an unknown topic has none; the proxy refuses a
 * consumer's settings when its group does not exist (the gateway would create the group on first use).
 */
public final class Fresh {

    /** Redeliveries of a failing message before it is dead-lettered: RocketMQ's default. */
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    private Fresh() {}

    /** A topic of {@code messageType} (NORMAL, FIFO, DELAY, TRANSACTION) with the usual 4 queues. */
    public static String topic(SharedServer server, String messageType) {
        return topic(server, messageType, ServerSettings.QUEUES);
    }

    /**
     * A topic of {@code messageType} with {@code queues} queues; with one, the order of a consumer's deliveries is
     * the order the messages were stored in, so a message missing before a later one is missing for good.
     */
    public static String topic(SharedServer server, String messageType, int queues) {
        String topic = Names.unique(messageType.charAt(0) + messageType.substring(1).toLowerCase());
        Topics.create(server.server(), topic, queues, messageType);
        return topic;
    }

    /** A consumer group with the defaults, created on the server. */
    public static String group(SharedServer server) {
        return groupRetrying(server, DEFAULT_RETRY_MAX_TIMES);
    }

    /** A FIFO consumer group ({@code consumeMessageOrderly}), created on the server. */
    public static String fifoGroup(SharedServer server) {
        String group = Names.unique("GID_fifo");
        SubscriptionGroups.create(server.server(), group, true, DEFAULT_RETRY_MAX_TIMES);
        return group;
    }

    /** A consumer group, created on the server, that dead-letters a message after {@code retryMaxTimes} retries. */
    public static String groupRetrying(SharedServer server, int retryMaxTimes) {
        String group = Names.unique("GID_retry");
        SubscriptionGroups.create(server.server(), group, false, retryMaxTimes);
        return group;
    }
}
