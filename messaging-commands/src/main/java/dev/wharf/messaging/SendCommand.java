package dev.wharf.messaging;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checked {@link Publication} as the SEND_MESSAGE (10) a Remoting producer would send, and the broker's
 * answer as its {@link PublishResult}. The producer group is the topic, as with Apache RocketMQ's proxy:
 * clients of the other protocols name none, and transaction check-backs find producers by it. The client's
 * properties go first and RocketMQ's own are written over them, so nothing server-internal is taken from a
 * client.
 */
public final class SendCommand {

    /** What Remoting producers name as the template of auto-created topics. */
    private static final String AUTO_CREATE_TOPIC = "TBW102";
    private static final int DEFAULT_TOPIC_QUEUES = 4;

    private SendCommand() {}

    /**
     * The SEND_MESSAGE of a checked message.
     *
     * @param topic the topic, checked
     * @param messageId the message's id: the client's, or one made for it
     * @param bornHost the producer's address as the transport sees it, {@code host:port}
     * @param nowMillis the born time of a message that carries none
     */
    public static RemotingCommand of(Publication message, String topic, String messageId, String bornHost,
            long nowMillis) {
        long bornTimestamp = message.bornTimestamp() != null ? message.bornTimestamp() : nowMillis;
        boolean transactional = message.transaction() != null;
        int sysFlag = message.compressed() ? MessageSysFlag.COMPRESSED_FLAG : 0;
        if (transactional) {
            sysFlag = MessageSysFlag.withTransactionType(sysFlag, MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        }
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.put(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, messageId);
        if (message.tag() != null) {
            properties.put(MessageProperties.TAGS, message.tag());
        }
        if (!message.keys().isEmpty()) {
            properties.put(MessageProperties.KEYS, String.join(" ", message.keys()));
        }
        if (message.messageGroup() != null) {
            properties.put(MessageProperties.SHARDING_KEY, message.messageGroup());
        }
        if (message.deliverAtMillis() != null) {
            properties.put(MessageProperties.TIMER_DELIVER_MS, Long.toString(message.deliverAtMillis()));
        }
        if (transactional) {
            properties.put(MessageProperties.TRANSACTION_PREPARED, "true");
            if (message.transaction().checkImmunitySeconds() != null) {
                properties.put(MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS,
                        Long.toString(message.transaction().checkImmunitySeconds()));
            }
        }
        properties.put(MessageProperties.PRODUCER_GROUP, topic);
        if (message.traceContext() != null) {
            properties.put(MessageProperties.TRACE_CONTEXT, message.traceContext());
        }
        properties.put(MessageProperties.BORN_HOST, bornHost);
        properties.put(MessageProperties.BORN_TIMESTAMP, Long.toString(bornTimestamp));
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extField("producerGroup", topic)
                .extField("topic", topic)
                .extField("defaultTopic", AUTO_CREATE_TOPIC)
                .extField("defaultTopicQueueNums", DEFAULT_TOPIC_QUEUES)
                .extField("queueId", message.queueId())
                .extField("sysFlag", sysFlag)
                .extField("bornTimestamp", bornTimestamp)
                .extField("flag", 0)
                .extField("properties", MessageProperties.encode(properties))
                .extField("reconsumeTimes", 0)
                .extField("unitMode", false)
                .extField("batch", false)
                .body(message.body())
                .build();
    }

    /**
     * The result of one message: on success its queue, offset, transaction id (the broker's, which is the
     * message id) and recall handle when the broker gave one; otherwise the broker's refusal.
     */
    public static PublishResult result(String messageId, RemotingCommand response) {
        if (response == null || response.code() != ResponseCode.SUCCESS) {
            MessagingError error = response == null
                    ? MessagingError.of(ErrorCode.INTERNAL_SERVER_ERROR, "the broker sent no answer")
                    : BrokerRefusals.errorOf(response);
            return new PublishResult.Refused(messageId, error);
        }
        String transactionId = response.extField("transactionId");
        String queueId = response.extField("queueId");
        String queueOffset = response.extField("queueOffset");
        return new PublishResult.Published(messageId,
                queueId == null ? -1 : Integer.parseInt(queueId),
                queueOffset == null ? -1 : Long.parseLong(queueOffset),
                transactionId != null ? transactionId : messageId,
                response.extField("recallHandle"));
    }
}
