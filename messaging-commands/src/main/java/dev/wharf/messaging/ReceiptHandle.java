package dev.wharf.messaging;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;




/**
 * The receipt handle of a POP delivery, as clients of every protocol carry it: the broker's POP receipt ({@code extraInfo}, eight fields) and the
 * message's commit-log offset, space-separated:
 * {@code startOffset retrieveTime invisibleTime reviveQueueId topicType brokerName queueId queueOffset
 * commitLogOffset}. Acks and invisible-time changes send the first eight fields back to the broker;
 * dead-lettering needs the ninth.
 *
 * <pre>{@code
 * ReceiptHandle handle = ReceiptHandle.decode("12 1700000000000 60000 0 1 broker-a 3 14 8192");
 * handle.realTopic("orders", "billing");   // "%RETRY%billing_orders"
 * handle.expiresAt();                       // 1700000060000
 * }</pre>
 *
 * @param startOffset start offset of the broker's checkpoint holding the message
 * @param retrieveTime broker time of the pop (or of the last invisible-time change)
 * @param invisibleTime how long after {@code retrieveTime} the message stays invisible (ms)
 * @param reviveQueueId the checkpoint's revive queue; 999 for FIFO pops
 * @param topicType {@code 0} the topic itself, {@code 1} its pop retry topic (v1), {@code 2} (v2)
 * @param brokerName the broker that popped the message
 * @param queueId the queue of the real topic
 * @param queueOffset the message's offset in that queue
 * @param commitLogOffset the message's commit-log offset; -1 when the handle did not carry one
 */
public record ReceiptHandle(long startOffset, long retrieveTime, long invisibleTime, int reviveQueueId,
        String topicType, String brokerName, int queueId, long queueOffset, long commitLogOffset) {

    private static final String RETRY_PREFIX = "%RETRY%";
    private static final String RETRY_V1 = "1";
    private static final String RETRY_V2 = "2";

    /**
     * Reads a handle as sent by a client: eight fields, or nine with the commit-log offset.
     *
     * @throws MessagingException INVALID_RECEIPT_HANDLE naming what is wrong
     */
    public static ReceiptHandle decode(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("receipt handle cannot be empty");
        }
        String[] fields = text.trim().split(" ");
        if (fields.length < 8) {
            throw invalid("receipt handle '" + text + "' has " + fields.length + " fields, expected 8 or 9");
        }
        try {
            return new ReceiptHandle(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                    Integer.parseInt(fields[3]), fields[4], fields[5], Integer.parseInt(fields[6]),
                    Long.parseLong(fields[7]), fields.length > 8 ? Long.parseLong(fields[8]) : -1);
        } catch (NumberFormatException e) {
            throw invalid("receipt handle '" + text + "' has a field that is not a number");
        }
    }

    /**
     * The handle of a popped message: its broker receipt and commit-log offset.
     *
     * @throws MessagingException INVALID_RECEIPT_HANDLE if the receipt is malformed
     */
    public static ReceiptHandle of(String extraInfo, long commitLogOffset) {
        ReceiptHandle receipt = decode(extraInfo);
        return new ReceiptHandle(receipt.startOffset, receipt.retrieveTime, receipt.invisibleTime,
                receipt.reviveQueueId, receipt.topicType, receipt.brokerName, receipt.queueId, receipt.queueOffset,
                commitLogOffset);
    }

    /** The handle as clients carry it. */
    public String encode() {
        return extraInfo() + " " + commitLogOffset;
    }

    /** The broker's receipt: the {@code extraInfo} header of ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME. */
    public String extraInfo() {
        return startOffset + " " + retrieveTime + " " + invisibleTime + " " + reviveQueueId + " " + topicType + " "
                + brokerName + " " + queueId + " " + queueOffset;
    }

    /** When the message becomes visible again unless acknowledged. */
    public long expiresAt() {
        return retrieveTime + invisibleTime;
    }

    public boolean isExpired(long now) {
        return expiresAt() <= now;
    }

    /** The topic the message was really popped from, which acks and changes must name. */
    public String realTopic(String topic, String group) {
        if (topic.startsWith(RETRY_PREFIX)) {
            return topic;
        }
        return switch (topicType) {
            case RETRY_V1 -> RETRY_PREFIX + group + "_" + topic;
            case RETRY_V2 -> RETRY_PREFIX + group + "+" + topic;
            default -> topic;
        };
    }

    /**
     * The handle after the broker changed the invisible time: a new single-message checkpoint starting at
     * the message's own offset, popped at {@code popTime}.
     */
    public ReceiptHandle renewed(long popTime, long newInvisibleTime, int newReviveQueueId) {
        return new ReceiptHandle(queueOffset, popTime, newInvisibleTime, newReviveQueueId, topicType, brokerName,
                queueId, queueOffset, commitLogOffset);
    }

    private static MessagingException invalid(String message) {
        return new MessagingException(ErrorCode.INVALID_RECEIPT_HANDLE, message);
    }
}
