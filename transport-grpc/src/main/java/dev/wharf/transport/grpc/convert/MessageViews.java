package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.DeadLetterQueue;
import apache.rocketmq.v2.Digest;
import apache.rocketmq.v2.DigestType;
import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SystemProperties;
import com.google.protobuf.ByteString;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.ReservedProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.messaging.DeliveredBody;
import dev.wharf.messaging.Deliveries;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Stored messages as {@code apache.rocketmq.v2.Message}, the way the gRPC SDKs read them: reserved
 * properties become system properties, the rest user properties; the body comes inflated when the JDK
 * can (see {@link DeliveredBody}) with an uppercase MD5 digest of exactly the bytes sent, which the SDKs check.
 *
 * <pre>{@code
 * StoredMessage stored = StoredMessageCodec.decode(ByteBuffer.wrap(record));
 * Message forCheckBack = MessageViews.toMessage(stored);
 * Message delivered = MessageViews.toMessage(stored, receiptHandle, stored.reconsumeTimes() + 1);
 * }</pre>
 */
public final class MessageViews {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageViews() {}

    /** The message without a receipt handle (a transaction check-back, a pull), attempt = reconsumes + 1. */
    public static Message toMessage(StoredMessage stored) {
        return toMessage(stored, null, stored.reconsumeTimes() + 1);
    }

    /**
     * The message as delivered to a consumer.
     *
     * @param receiptHandle the handle the consumer acks with; {@code null} for none
     * @param deliveryAttempt which delivery this is, 1 for the first (FIFO pops count it themselves)
     */
    public static Message toMessage(StoredMessage stored, String receiptHandle, int deliveryAttempt) {
        Map<String, String> properties = stored.properties();
        DeliveredBody body = DeliveredBody.of(stored.body(), stored.sysFlag());
        SystemProperties.Builder system = SystemProperties.newBuilder()
                .setMessageId(stored.messageId())
                .setBodyDigest(Digest.newBuilder().setType(DigestType.MD5).setChecksum(md5(body.bytes())))
                .setBodyEncoding(body.compressed() ? Encoding.GZIP : Encoding.IDENTITY)
                .setMessageType(messageType(properties))
                .setBornTimestamp(ProtoTimes.timestamp(stored.bornTimestamp()))
                .setBornHost(bornHost(stored))
                .setStoreTimestamp(ProtoTimes.timestamp(stored.storeTimestamp()))
                .setStoreHost(hostPort(stored.storeHost()))
                .setQueueId(stored.queueId())
                .setQueueOffset(stored.queueOffset())
                .setDeliveryAttempt(deliveryAttempt);
        String tag = properties.get(MessageProperties.TAGS);
        if (tag != null) {
            system.setTag(tag);
        }
        system.addAllKeys(Deliveries.keys(stored));
        Long deliverAt = Deliveries.deliveryTime(stored);
        if (deliverAt != null) {
            system.setDeliveryTimestamp(ProtoTimes.timestamp(deliverAt));
        }
        String group = properties.get(MessageProperties.SHARDING_KEY);
        if (group != null) {
            system.setMessageGroup(group);
        }
        String traceContext = properties.get(MessageProperties.TRACE_CONTEXT);
        if (traceContext != null) {
            system.setTraceContext(traceContext);
        }
        String dlqTopic = properties.get(MessageProperties.DLQ_ORIGIN_TOPIC);
        String dlqMessageId = properties.get(MessageProperties.DLQ_ORIGIN_MESSAGE_ID);
        if (dlqTopic != null && dlqMessageId != null) {
            system.setDeadLetterQueue(DeadLetterQueue.newBuilder().setTopic(dlqTopic).setMessageId(dlqMessageId));
        }
        if (receiptHandle != null) {
            system.setReceiptHandle(receiptHandle);
        }
        return Message.newBuilder()
                .setTopic(Resource.newBuilder().setName(stored.topic()))
                .putAllUserProperties(ReservedProperties.userProperties(properties))
                .setSystemProperties(system)
                .setBody(ByteString.copyFrom(body.bytes()))
                .build();
    }

    /** As RocketMQ classifies a stored message: transaction, then delay, then FIFO, else normal. */
    static MessageType messageType(Map<String, String> properties) {
        if (Boolean.parseBoolean(properties.get(MessageProperties.TRANSACTION_PREPARED))) {
            return MessageType.TRANSACTION;
        }
        if (properties.containsKey(MessageProperties.DELAY_TIME_LEVEL)
                || properties.containsKey(MessageProperties.TIMER_DELIVER_MS)
                || properties.containsKey(MessageProperties.TIMER_DELAY_SEC)
                || properties.containsKey(MessageProperties.TIMER_DELAY_MS)) {
            return MessageType.DELAY;
        }
        if (properties.containsKey(MessageProperties.SHARDING_KEY)) {
            return MessageType.FIFO;
        }
        return MessageType.NORMAL;
    }

    /** The producer's own view of its host when it sent one (gRPC producers do), else the record's born host. */
    private static String bornHost(StoredMessage stored) {
        String sent = stored.property(MessageProperties.BORN_HOST);
        if (sent != null && !sent.isBlank()) {
            return sent;
        }
        return stored.bornHost().getAddress().getHostAddress();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    static String md5(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has MD5", impossible);
        }
    }
}
