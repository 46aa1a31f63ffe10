package dev.wharf.broker.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.protocol.Json;
import java.util.Objects;

/**
 * One topic on this broker. Its JSON form is RocketMQ's {@code TopicConfig}, the message type kept in the
 * {@code message.type} attribute, so admin tools read it unchanged.
 *
 * @param topicName the topic
 * @param readQueueNums queues consumers read (ids {@code 0..readQueueNums-1})
 * @param writeQueueNums queues producers write
 * @param perm {@link Perm} bits
 * @param messageType what kind of messages it carries
 * @param topicSysFlag RocketMQ's topic system flag, kept as given
 * @param order whether the topic was created as globally ordered, kept as given
 */
public record TopicConfig(
        String topicName,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        TopicMessageType messageType,
        int topicSysFlag,
        boolean order) {

    /** RocketMQ's limit on queues per topic and broker. */
    public static final int MAX_QUEUES = 1024;

    public TopicConfig {
        Objects.requireNonNull(topicName, "topicName");
        Objects.requireNonNull(messageType, "messageType");
        if (readQueueNums < 1 || readQueueNums > MAX_QUEUES || writeQueueNums < 1 || writeQueueNums > MAX_QUEUES) {
            throw new IllegalArgumentException("topic " + topicName + " needs 1.." + MAX_QUEUES
                    + " read and write queues, got " + readQueueNums + "/" + writeQueueNums);
        }
    }

    /** A readable, writable topic with {@code queues} read and write queues. */
    public static TopicConfig of(String topicName, int queues, TopicMessageType messageType) {
        return new TopicConfig(topicName, queues, queues, Perm.READ_WRITE, messageType, 0, false);
    }

    /** The larger queue count: every queue id below it exists. */
    public int queueIdLimit() {
        return Math.max(readQueueNums, writeQueueNums);
    }

    public boolean isReadable() {
        return Perm.isReadable(perm);
    }

    public boolean isWritable() {
        return Perm.isWritable(perm);
    }

    /** RocketMQ's JSON shape of a topic config. */
    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.putObject("attributes").put(TopicMessageType.ATTRIBUTE, messageType.name());
        json.put("order", order);
        json.put("perm", perm);
        json.put("readQueueNums", readQueueNums);
        json.put("topicFilterType", "SINGLE_TAG");
        json.put("topicName", topicName);
        json.put("topicSysFlag", topicSysFlag);
        json.put("writeQueueNums", writeQueueNums);
        return json;
    }

    /** Reads RocketMQ's JSON shape; absent fields take RocketMQ's defaults. */
    public static TopicConfig fromJson(JsonNode json) {
        JsonNode type = json.path("attributes").path(TopicMessageType.ATTRIBUTE);
        return new TopicConfig(
                json.path("topicName").asText(),
                json.path("readQueueNums").asInt(16),
                json.path("writeQueueNums").asInt(16),
                json.path("perm").asInt(Perm.READ_WRITE),
                type.isTextual() ? TopicMessageType.parse(type.asText()) : TopicMessageType.NORMAL,
                json.path("topicSysFlag").asInt(0),
                json.path("order").asBoolean(false));
    }
}
