package dev.wharf.broker;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** POP requests as rocketmq-client 5.x builds them, and its way of reading the answers. */
final class PopRequests {

    private PopRequests() {}

    static RemotingCommand.Builder pop(String group, String topic, int queueId, int max, long invisibleMillis) {
        return RemotingCommand.request(RequestCode.POP_MESSAGE)
                .extField("consumerGroup", group)
                .extField("topic", topic)
                .extField("queueId", queueId)
                .extField("maxMsgNums", max)
                .extField("invisibleTime", invisibleMillis)
                .extField("pollTime", 0)
                .extField("bornTime", System.currentTimeMillis())
                .extField("initMode", 0)
                .extField("expType", "TAG")
                .extField("exp", "*")
                .extField("bname", "broker-a");
    }

    /** SET_MESSAGE_REQUEST_MODE as {@code mqadmin setConsumeMode} sends it: PULL or POP for a group on a topic. */
    static RemotingCommand requestMode(String topic, String group, String mode) {
        String body = "{\"topic\":\"" + topic + "\",\"consumerGroup\":\"" + group + "\",\"mode\":\"" + mode
                + "\",\"popShareQueueNum\":0}";
        return RemotingCommand.request(RequestCode.SET_MESSAGE_REQUEST_MODE)
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    static RemotingCommand ack(String group, String topic, StoredMessage popped) {
        return settle(RequestCode.ACK_MESSAGE, group, topic, popped).build();
    }

    static RemotingCommand changeInvisibleTime(String group, String topic, StoredMessage popped, long invisibleMillis) {
        return settle(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, group, topic, popped)
                .extField("invisibleTime", invisibleMillis)
                .build();
    }

    /** The header ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME share: the popped message's queue, offset, receipt. */
    private static RemotingCommand.Builder settle(int code, String group, String topic, StoredMessage popped) {
        String receipt = popped.property(MessageProperties.POP_CK);
        return RemotingCommand.request(code)
                .extField("consumerGroup", group)
                .extField("topic", realTopic(receipt, topic, group))
                .extField("queueId", receiptField(receipt, 6))
                .extField("extraInfo", receipt)
                .extField("offset", receiptField(receipt, 7));
    }

    /** One batch-ack entry per receipt, short key names, as the 5.x client sends them. */
    static RemotingCommand batchAck(String group, String topic, List<StoredMessage> popped) {
        StringBuilder acks = new StringBuilder();
        for (StoredMessage message : popped) {
            String receipt = message.property(MessageProperties.POP_CK);
            String[] fields = receipt.split(" ");
            BitSet bits = new BitSet();
            bits.set((int) (Long.parseLong(fields[7]) - Long.parseLong(fields[0])));
            if (!acks.isEmpty()) {
                acks.append(',');
            }
            acks.append("""
                    {"c":"%s","t":"%s","r":"%s","so":%s,"q":%s,"rq":%s,"pt":%s,"it":%s,"b":"%s"}"""
                    .formatted(group, realTopic(receipt, topic, group), fields[4], fields[0], fields[6], fields[3],
                            fields[1], fields[2], Base64.getEncoder().encodeToString(bits.toByteArray())));
        }
        String body = "{\"brokerName\":\"broker-a\",\"acks\":[" + acks + "]}";
        return RemotingCommand.request(RequestCode.BATCH_ACK_MESSAGE)
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * The popped messages as the 5.x client sees them: the receipt from POP_CK when the broker set it, else
     * built from the header, the topic set to the requested one, reconsume times from orderCountInfo.
     */
    static List<StoredMessage> messages(RemotingCommand answer, String topic) {
        if (answer.code() != ResponseCode.SUCCESS) {
            return List.of();
        }
        Map<String, Long> startOffsets = new HashMap<>();
        for (String entry : answer.extField("startOffsetInfo").split(";")) {
            String[] fields = entry.split(" ");
            startOffsets.put(fields[0] + "@" + fields[1], Long.parseLong(fields[2]));
        }
        Map<String, Integer> counts = new HashMap<>();
        String orderCountInfo = answer.extField("orderCountInfo");
        if (orderCountInfo != null && !orderCountInfo.isEmpty()) {
            for (String entry : orderCountInfo.split(";")) {
                String[] fields = entry.split(" ");
                counts.put(fields[0] + "@" + fields[1], Integer.parseInt(fields[2]));
            }
        }
        return StoredMessageCodec.decodeAll(answer.body()).stream().map(message -> {
            Map<String, String> properties = new HashMap<>(message.properties());
            int reconsumeTimes = message.reconsumeTimes();
            if (!properties.containsKey(MessageProperties.POP_CK)) {
                String retry = message.topic().startsWith("%RETRY%") ? "1" : "0";
                long start = startOffsets.get(retry + "@" + message.queueId());
                properties.put(MessageProperties.POP_CK, start + " " + answer.extField("popTime") + " "
                        + answer.extField("invisibleTime") + " " + answer.extField("reviveQid") + " " + retry
                        + " broker-a " + message.queueId() + " " + message.queueOffset());
                Integer count = counts.get(retry + "@qo" + message.queueId() + "%" + message.queueOffset());
                if (count != null && count > 0) {
                    reconsumeTimes = count;
                }
            }
            return new StoredMessage(message.totalSize(), message.magic(), message.bodyCrc(), message.queueId(),
                    message.flag(), message.queueOffset(), message.commitLogOffset(), message.sysFlag(),
                    message.bornTimestamp(), message.bornHost(), message.storeTimestamp(), message.storeHost(),
                    reconsumeTimes, message.preparedTransactionOffset(), message.body(), topic, properties);
        }).toList();
    }

    static String body(StoredMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private static String realTopic(String receipt, String topic, String group) {
        return "0".equals(receipt.split(" ")[4]) ? topic : "%RETRY%" + group + "_" + topic;
    }

    private static String receiptField(String receipt, int index) {
        return receipt.split(" ")[index];
    }
}
