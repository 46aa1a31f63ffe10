package dev.wharf.broker.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.protocol.Json;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A consumer group's settings, in RocketMQ's {@code SubscriptionGroupConfig} JSON shape so
 * {@code mqadmin updateSubGroup} bodies parse unchanged and group listings read as upstream ones.
 *
 * @param groupName the group
 * @param consumeEnable whether the group may consume at all
 * @param consumeFromMinEnable kept as given
 * @param consumeBroadcastEnable kept as given
 * @param consumeMessageOrderly whether the group consumes FIFO
 * @param retryQueueNums queues of the group's retry topic
 * @param retryMaxTimes deliveries after which a failing message goes to the dead-letter queue
 * @param brokerId kept as given
 * @param whichBrokerWhenConsumeSlowly kept as given
 * @param notifyConsumerIdsChangedEnable whether members are told when membership changes
 * @param groupSysFlag kept as given
 * @param consumeTimeoutMinute kept as given
 * @param attributes free-form attributes, kept as given
 */
public record SubscriptionGroupConfig(
        String groupName,
        boolean consumeEnable,
        boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable,
        boolean consumeMessageOrderly,
        int retryQueueNums,
        int retryMaxTimes,
        long brokerId,
        long whichBrokerWhenConsumeSlowly,
        boolean notifyConsumerIdsChangedEnable,
        int groupSysFlag,
        int consumeTimeoutMinute,
        Map<String, String> attributes) {

    public SubscriptionGroupConfig {
        Objects.requireNonNull(groupName, "groupName");
        attributes = Map.copyOf(attributes);
        if (retryQueueNums < 1) {
            throw new IllegalArgumentException("group " + groupName + " needs at least one retry queue");
        }
        if (retryMaxTimes < 0) {
            throw new IllegalArgumentException("group " + groupName + " cannot have negative retryMaxTimes");
        }
    }

    /** RocketMQ's defaults for a new group, with the broker's limit of reconsumes. */
    public static SubscriptionGroupConfig defaults(String groupName, int retryMaxTimes) {
        return new SubscriptionGroupConfig(
                groupName, true, true, true, false, 1, retryMaxTimes, 0, 1, true, 0, 15, Map.of());
    }

    /** This group with another limit of reconsumes before the dead-letter queue. */
    public SubscriptionGroupConfig withRetryMaxTimes(int times) {
        return new SubscriptionGroupConfig(groupName, consumeEnable, consumeFromMinEnable, consumeBroadcastEnable,
                consumeMessageOrderly, retryQueueNums, times, brokerId, whichBrokerWhenConsumeSlowly,
                notifyConsumerIdsChangedEnable, groupSysFlag, consumeTimeoutMinute, attributes);
    }

    /** RocketMQ's JSON shape of a group config. */
    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.set("attributes", Json.mapper().valueToTree(new TreeMap<>(attributes)));
        json.put("brokerId", brokerId);
        json.put("consumeBroadcastEnable", consumeBroadcastEnable);
        json.put("consumeEnable", consumeEnable);
        json.put("consumeFromMinEnable", consumeFromMinEnable);
        json.put("consumeMessageOrderly", consumeMessageOrderly);
        json.put("consumeTimeoutMinute", consumeTimeoutMinute);
        json.put("groupName", groupName);
        json.put("groupSysFlag", groupSysFlag);
        json.put("notifyConsumerIdsChangedEnable", notifyConsumerIdsChangedEnable);
        json.put("retryMaxTimes", retryMaxTimes);
        json.put("retryQueueNums", retryQueueNums);
        json.put("whichBrokerWhenConsumeSlowly", whichBrokerWhenConsumeSlowly);
        return json;
    }

    /** Reads RocketMQ's JSON shape; absent fields take RocketMQ's defaults. */
    public static SubscriptionGroupConfig fromJson(JsonNode json, int defaultRetryMaxTimes) {
        Map<String, String> attributes = new TreeMap<>();
        json.path("attributes").fields().forEachRemaining(entry -> attributes.put(entry.getKey(), entry.getValue().asText()));
        return new SubscriptionGroupConfig(
                json.path("groupName").asText(),
                json.path("consumeEnable").asBoolean(true),
                json.path("consumeFromMinEnable").asBoolean(true),
                json.path("consumeBroadcastEnable").asBoolean(true),
                json.path("consumeMessageOrderly").asBoolean(false),
                json.path("retryQueueNums").asInt(1),
                json.path("retryMaxTimes").asInt(defaultRetryMaxTimes),
                json.path("brokerId").asLong(0),
                json.path("whichBrokerWhenConsumeSlowly").asLong(1),
                json.path("notifyConsumerIdsChangedEnable").asBoolean(true),
                json.path("groupSysFlag").asInt(0),
                json.path("consumeTimeoutMinute").asInt(15),
                attributes);
    }
}
