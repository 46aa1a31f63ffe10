package dev.wharf.broker.client;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one online consumer group.
 *
 * @param group the group
 * @param members its connections
 * @param subscriptions its subscriptions by topic
 * @param consumeType as the last heartbeat said
 * @param messageModel as the last heartbeat said
 * @param consumeFromWhere as the last heartbeat said
 */
public record ConsumerGroupView(
        String group,
        List<ConsumerMember> members,
        Map<String, SubscriptionData> subscriptions,
        String consumeType,
        String messageModel,
        String consumeFromWhere) {}
