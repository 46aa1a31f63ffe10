package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.SendResultEntry;
import apache.rocketmq.v2.SystemProperties;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gRPC message as the SEND_MESSAGE (10) a Remoting producer would send, and the broker's answer as
 * the message's send result. The topic is the producer group, as with Apache RocketMQ's proxy: gRPC
 * producers have none, and transaction check-backs find producers by it. The client's user properties
 * go first and RocketMQ's own are written over them, so nothing server-internal is taken from a client.
 */
public final class SendCommands {

    /** What Remoting producers name as the template of auto-created topics. */
    private static final String AUTO_CREATE_TOPIC = "TBW102";
    private static final int DEFAULT_TOPIC_QUEUES = 4;

    private SendCommands() {}

    /**
     * The SEND_MESSAGE of a checked message.
     *
     * @param topic the topic, checked
     * @param bornHost the producer's address as the transport sees it, {@code host:port}
     * @param nowMillis the born time of a message that carries none
     */
    public static RemotingCommand sendMessage(Message message, String topic, String bornHost, long nowMillis) {
        SystemProperties system = message.getSystemProperties();
        long bornTimestamp = system.hasBornTimestamp() ? ProtoTimes.millis(system.getBornTimestamp()) : nowMillis;
        boolean transactional = system.getMessageType() == MessageType.TRANSACTION;
        int sysFlag = system.getBodyEncoding() == Encoding.GZIP ? MessageSysFlag.COMPRESSED_FLAG : 0;
        if (transactional) {
            sysFlag = MessageSysFlag.withTransactionType(sysFlag, MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        }
        Map<String, String> properties = new LinkedHashMap<>(message.getUserPropertiesMap());
        properties.put(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, system.getMessageId());
        if (system.hasTag()) {
            properties.put(MessageProperties.TAGS, system.getTag());
        }
        if (system.getKeysCount() > 0) {
            properties.put(MessageProperties.KEYS, String.join(" ", system.getKeysList()));
        }
        if (system.hasMessageGroup()) {
            properties.put(MessageProperties.SHARDING_KEY, system.getMessageGroup());
        }
        if (system.hasDeliveryTimestamp()) {
            properties.put(MessageProperties.TIMER_DELIVER_MS,
                    Long.toString(ProtoTimes.millis(system.getDeliveryTimestamp())));
        }
        if (transactional) {
            properties.put(MessageProperties.TRANSACTION_PREPARED, "true");
            if (system.hasOrphanedTransactionRecoveryDuration()) {
                properties.put(MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS, Long.toString(
                        ProtoTimes.millis(system.getOrphanedTransactionRecoveryDuration()) / 1000));
            }
        }
        properties.put(MessageProperties.PRODUCER_GROUP, topic);
        if (system.hasTraceContext()) {
            properties.put(MessageProperties.TRACE_CONTEXT, system.getTraceContext());
        }
        properties.put(MessageProperties.BORN_HOST, bornHost);
        properties.put(MessageProperties.BORN_TIMESTAMP, Long.toString(bornTimestamp));
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extField("producerGroup", topic)
                .extField("topic", topic)
                .extField("defaultTopic", AUTO_CREATE_TOPIC)
                .extField("defaultTopicQueueNums", DEFAULT_TOPIC_QUEUES)
                .extField("queueId", system.getQueueId())
                .extField("sysFlag", sysFlag)
                .extField("bornTimestamp", bornTimestamp)
                .extField("flag", 0)
                .extField("properties", MessageProperties.encode(properties))
                .extField("reconsumeTimes", 0)
                .extField("unitMode", false)
                .extField("batch", false)
                .body(message.getBody().toByteArray())
                .build();
    }

    /**
     * The send result of one message: the client's message id always; on success the transaction id (the
     * broker's, which is the message id), the queue offset and a recall handle when the broker gave one.
     */
    public static SendResultEntry result(String messageId, RemotingCommand response) {
        SendResultEntry.Builder entry = SendResultEntry.newBuilder()
                .setStatus(GrpcCodes.statusOf(response))
                .setMessageId(messageId);
        if (response.code() == ResponseCode.SUCCESS) {
            String transactionId = response.extField("transactionId");
            entry.setTransactionId(transactionId != null ? transactionId : messageId);
            String queueOffset = response.extField("queueOffset");
            if (queueOffset != null) {
                entry.setOffset(Long.parseLong(queueOffset));
            }
            String recallHandle = response.extField("recallHandle");
            if (recallHandle != null) {
                entry.setRecallHandle(recallHandle);
            }
        }
        return entry.build();
    }
}
