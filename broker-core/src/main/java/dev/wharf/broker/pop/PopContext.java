package dev.wharf.broker.pop;

import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.store.MessageFilter;

/**
 * One pop request as the queue poppers see it.
 *
 * @param header the request
 * @param group the popping group's settings
 * @param filter the subscription as a consume-queue filter
 * @param popTime the broker time of this pop, shared by every checkpoint and receipt of its answer
 */
record PopContext(PopRequestHeader header, SubscriptionGroupConfig group, MessageFilter filter, long popTime) {

    String groupName() {
        return group.groupName();
    }
}
