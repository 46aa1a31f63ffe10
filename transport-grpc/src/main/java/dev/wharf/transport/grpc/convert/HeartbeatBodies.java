package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.SubscriptionEntry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.messaging.Filter;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.session.ClientSettings;

/**
 * The HEART_BEAT body ({@code HeartbeatData} JSON) a gRPC client's heartbeat stands for, built from the
 * settings it sent on its Telemetry stream. A producer joins one producer group per topic it publishes to,
 * named after the topic, since gRPC sends carry the topic as their producer group and the broker looks
 * for a transaction's producers by that group. A consumer joins its group with its subscriptions.
 */
public final class HeartbeatBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeartbeatBodies() {}

    /** A producer of every topic it publishes to. */
    public static byte[] producer(String clientId, ClientSettings settings) {
        ObjectNode heartbeat = heartbeat(clientId);
        ArrayNode producers = heartbeat.putArray("producerDataSet");
        settings.publishingTopics().forEach(topic -> producers.addObject().put("groupName", topic));
        return write(heartbeat);
    }

    /**
     * A consumer of {@code group} with its settings' subscriptions: push and simple consumers consume
     * passively (the broker pushes or pops for them), pull consumers actively.
     */
    public static byte[] consumer(String clientId, ClientSettings settings, String group, long subVersion) {
        ObjectNode heartbeat = heartbeat(clientId);
        ObjectNode consumer = heartbeat.putArray("consumerDataSet").addObject();
        consumer.put("groupName", group);
        consumer.put("consumeType", settings.clientType() == ClientType.PULL_CONSUMER
                ? "CONSUME_ACTIVELY" : "CONSUME_PASSIVELY");
        consumer.put("messageModel", "CLUSTERING");
        consumer.put("consumeFromWhere", "CONSUME_FROM_LAST_OFFSET");
        consumer.put("unitMode", false);
        ArrayNode subscriptions = consumer.putArray("subscriptionDataSet");
        for (SubscriptionEntry entry : settings.settings().getSubscription().getSubscriptionsList()) {
            subscription(subscriptions.addObject(), ResourceNames.topic(entry.getTopic().getName()), entry.getExpression(),
                    subVersion);
        }
        return write(heartbeat);
    }

    private static ObjectNode heartbeat(String clientId) {
        ObjectNode heartbeat = JSON.createObjectNode();
        heartbeat.put("clientID", clientId);
        heartbeat.putArray("producerDataSet");
        heartbeat.putArray("consumerDataSet");
        heartbeat.put("heartbeatFingerprint", 0);
        heartbeat.put("withoutSub", false);
        return heartbeat;
    }

    /** A {@code SubscriptionData}: the expression as the broker reads it, a TAG expression's tags and hashes. */
    private static void subscription(ObjectNode json, String topic, FilterExpression filter, long subVersion) {
        Filter subscription = Subscription.of(filter);
        json.put("classFilterMode", false);
        json.put("topic", topic);
        json.put("subString", subscription.expression());
        json.put("expressionType", subscription.expressionType());
        json.put("subVersion", subVersion);
        ArrayNode tags = json.putArray("tagsSet");
        ArrayNode codes = json.putArray("codeSet");
        subscription.tags().forEach(tag -> {
            tags.add(tag);
            codes.add(tag.hashCode());
        });
    }

    private static byte[] write(ObjectNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a heartbeat body cannot be written", impossible);
        }
    }
}
