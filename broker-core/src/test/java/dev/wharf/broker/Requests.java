package dev.wharf.broker;

import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests as the official Remoting client builds them. */
final class Requests {

    static final int PULL_COMMIT = 0x1;
    static final int PULL_SUSPEND = 0x2;
    static final int PULL_SUBSCRIPTION = 0x4;

    private Requests() {}

    static RemotingCommand route(String topic) {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", topic).version(479).build();
    }

    static Map<String, String> properties(String tags, String uniqueKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (tags != null) {
            properties.put(MessageProperties.TAGS, tags);
        }
        properties.put(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqueKey);
        properties.put(MessageProperties.WAIT_STORE_MSG_OK, "true");
        return properties;
    }

    /** SEND_MESSAGE_V2 with single-letter keys. */
    static RemotingCommand sendV2(String topic, int queueId, byte[] body, Map<String, String> properties) {
        return v2Header(RequestCode.SEND_MESSAGE_V2, topic, queueId, properties, false).body(body).build();
    }

    private static RemotingCommand.Builder v2Header(
            int code, String topic, int queueId, Map<String, String> properties, boolean batch) {
        return RemotingCommand.request(code)
                .extField("a", "producer-group")
                .extField("b", topic)
                .extField("c", "TBW102")
                .extField("d", 4)
                .extField("e", queueId)
                .extField("f", 0)
                .extField("g", System.currentTimeMillis())
                .extField("h", 0)
                .extField("i", MessageProperties.encode(properties))
                .extField("j", 0)
                .extField("k", false)
                .extField("m", batch)
                .extField("n", "broker-a");
    }

    static RemotingCommand sendV2(String topic, int queueId, String body, String tags) {
        return sendV2(topic, queueId, body.getBytes(StandardCharsets.UTF_8), properties(tags, "UNIQ-" + body));
    }

    /** SEND_MESSAGE with long header names. */
    static RemotingCommand sendV1(String topic, int queueId, String body, String tags) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extField("producerGroup", "producer-group")
                .extField("topic", topic)
                .extField("defaultTopic", "TBW102")
                .extField("defaultTopicQueueNums", 4)
                .extField("queueId", queueId)
                .extField("sysFlag", 0)
                .extField("bornTimestamp", System.currentTimeMillis())
                .extField("flag", 0)
                .extField("properties", MessageProperties.encode(properties(tags, "UNIQ-" + body)))
                .extField("reconsumeTimes", 0)
                .extField("unitMode", false)
                .extField("batch", false)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** SEND_BATCH_MESSAGE: a V2 header and the concatenated batch encoding. */
    static RemotingCommand sendBatch(String topic, int queueId, List<String> bodies, String tags) {
        return sendBatch(topic, queueId, bodies, tags, Map.of());
    }

    /** SEND_BATCH_MESSAGE whose header carries extra properties for every message of the batch. */
    static RemotingCommand sendBatch(
            String topic, int queueId, List<String> bodies, String tags, Map<String, String> batchProperties) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (String text : bodies) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] props = MessageProperties.encode(properties(tags, "UNIQ-" + text)).getBytes(StandardCharsets.UTF_8);
            ByteBuffer entry = ByteBuffer.allocate(4 + 4 + 4 + 4 + 4 + body.length + 2 + props.length);
            entry.putInt(entry.capacity()).putInt(0).putInt(0).putInt(0).putInt(body.length).put(body)
                    .putShort((short) props.length).put(props);
            batch.writeBytes(entry.array());
        }
        Map<String, String> header = new LinkedHashMap<>(batchProperties);
        header.put(MessageProperties.WAIT_STORE_MSG_OK, "true");
        return v2Header(RequestCode.SEND_BATCH_MESSAGE, topic, queueId, header, true)
                .body(batch.toByteArray())
                .build();
    }

    static RemotingCommand pull(String group, String topic, int queueId, long offset, int sysFlag,
            String subscription, long suspendMillis) {
        RemotingCommand.Builder pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .extField("consumerGroup", group)
                .extField("topic", topic)
                .extField("queueId", queueId)
                .extField("queueOffset", offset)
                .extField("maxMsgNums", 32)
                .extField("sysFlag", sysFlag)
                .extField("commitOffset", 0)
                .extField("suspendTimeoutMillis", suspendMillis)
                .extField("subVersion", 0);
        if (subscription != null) {
            pull.extField("subscription", subscription).extField("expressionType", "TAG");
        }
        return pull.build();
    }

    /** A pull carrying its subscription, not suspended. */
    static RemotingCommand pull(String group, String topic, int queueId, long offset, String subscription) {
        return pull(group, topic, queueId, offset, PULL_SUBSCRIPTION, subscription, 0);
    }

    /** HeartbeatData as a 4.9 client sends it (no v2 fields), one push consumer group with one subscription. */
    static RemotingCommand heartbeat(String clientId, String group, String topic, String subString, long subVersion) {
        String body = """
                {"clientID":"%s","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",\
                "consumeType":"CONSUME_PASSIVELY","groupName":"%s","messageModel":"CLUSTERING",\
                "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[],"expressionType":"TAG",\
                "subString":"%s","subVersion":%d,"tagsSet":[],"topic":"%s"}],"unitMode":false}],\
                "producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}]}"""
                .formatted(clientId, group, subString, subVersion, topic);
        return heartbeat(body);
    }

    /** HEART_BEAT of a 4.9 client carrying the given HeartbeatData JSON. */
    static RemotingCommand heartbeat(String heartbeatJson) {
        return RemotingCommand.request(RequestCode.HEART_BEAT).version(409)
                .body(heartbeatJson.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** UNREGISTER_CLIENT of a consumer group. */
    static RemotingCommand unregister(String clientId, String group) {
        return unregister(clientId, "consumerGroup", group);
    }

    /** UNREGISTER_CLIENT; {@code groupField} says which kind of group: consumerGroup or producerGroup. */
    static RemotingCommand unregister(String clientId, String groupField, String group) {
        return RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .extField("clientID", clientId)
                .extField(groupField, group)
                .build();
    }

    static RemotingCommand queryOffset(String group, String topic, int queueId) {
        return RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .extField("consumerGroup", group).extField("topic", topic).extField("queueId", queueId).build();
    }

    static RemotingCommand updateOffset(String group, String topic, int queueId, long offset) {
        return RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .extField("consumerGroup", group).extField("topic", topic).extField("queueId", queueId)
                .extField("commitOffset", offset).build();
    }

    static RemotingCommand sendBack(long commitLogOffset, String group, int delayLevel, String originTopic) {
        return RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .extField("offset", commitLogOffset)
                .extField("group", group)
                .extField("delayLevel", delayLevel)
                .extField("originTopic", originTopic)
                .extField("unitMode", false)
                .version(479)
                .build();
    }
}
