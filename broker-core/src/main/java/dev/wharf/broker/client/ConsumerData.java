package dev.wharf.broker.client;

import java.util.List;

/**
 * One consumer group of a heartbeating client ({@code ConsumerData}). The enum-valued fields are kept as
 * the names the client sent, so values from newer clients pass through.
 *
 * @param groupName the group
 * @param consumeType {@code CONSUME_ACTIVELY} (pull), {@code CONSUME_PASSIVELY} (push) or {@code CONSUME_POP}
 * @param messageModel {@code CLUSTERING} or {@code BROADCASTING}
 * @param consumeFromWhere where a new group starts
 * @param subscriptionDataSet the group's subscriptions
 * @param unitMode kept as given
 */
public record ConsumerData(
        String groupName,
        String consumeType,
        String messageModel,
        String consumeFromWhere,
        List<SubscriptionData> subscriptionDataSet,
        boolean unitMode) {

    public ConsumerData {
        subscriptionDataSet = subscriptionDataSet == null ? List.of() : List.copyOf(subscriptionDataSet);
    }
}
