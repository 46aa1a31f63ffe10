package dev.wharf.broker.pop;

import dev.wharf.broker.topic.TopicNames;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;

/**
 * The receipt of one popped message ({@code POP_CK} property, the {@code extraInfo} header of ACK_MESSAGE
 * and CHANGE_MESSAGE_INVISIBLETIME): {@code ckStartOffset popTime invisibleTime reviveQid R brokerName
 * queueId queueOffset}, space-separated; the legacy form lacks the queue offset.
 *
 * <pre>{@code
 * ExtraInfo receipt = ExtraInfo.parse("12 1700000000000 60000 0 1 broker-a 0 14");
 * receipt.realTopic("orders", "billing");   // "%RETRY%billing_orders"
 * }</pre>
 *
 * @param ckStartOffset start offset of the checkpoint the message belongs to
 * @param popTime broker time of the pop
 * @param invisibleTime how long the message stays invisible after {@code popTime}
 * @param reviveQid the revive queue of the checkpoint; {@link #ORDERLY_REVIVE_QID} for FIFO pops
 * @param retry {@code 0} normal topic, {@code 1} pop retry topic (v1), {@code 2} pop retry topic (v2)
 * @param brokerName the broker that popped
 * @param queueId the queue of the real topic
 * @param queueOffset the message's queue offset, or -1 in the legacy form
 */
public record ExtraInfo(long ckStartOffset, long popTime, long invisibleTime, int reviveQid, String retry,
        String brokerName, int queueId, long queueOffset) {

    /** The revive queue id FIFO pops carry: they write no checkpoint. */
    public static final int ORDERLY_REVIVE_QID = 999;
    static final String NORMAL = "0";
    static final String RETRY_V1 = "1";

    /**
     * Parses a receipt.
     *
     * @throws RemotingCommandException INVALID_PARAMETER naming the receipt when it is malformed
     */
    public static ExtraInfo parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the extraInfo receipt is missing");
        }
        String[] fields = text.trim().split(" ");
        if (fields.length < 7) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "the extraInfo receipt '" + text + "' has " + fields.length + " fields, expected 7 or 8");
        }
        try {
            return new ExtraInfo(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                    Integer.parseInt(fields[3]), fields[4], fields[5], Integer.parseInt(fields[6]),
                    fields.length > 7 ? Long.parseLong(fields[7]) : -1);
        } catch (NumberFormatException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "the extraInfo receipt '" + text + "' has a field that is not a number");
        }
    }

    /** The retry flag of a topic a message was read from. */
    public static String retryFlag(String topic) {
        return TopicNames.isRetryTopic(topic) ? RETRY_V1 : NORMAL;
    }

    public boolean isOrderly() {
        return reviveQid == ORDERLY_REVIVE_QID;
    }

    /**
     * The topic the message was really read from: the given one, or the pop retry topic of it when the
     * receipt says so and the caller named the original topic.
     */
    public String realTopic(String topic, String group) {
        if (NORMAL.equals(retry) || TopicNames.isRetryTopic(topic)) {
            return topic;
        }
        return TopicNames.popRetryTopic(group, topic);
    }

    /** The receipt as clients carry it, with a queue offset. */
    public static String format(long ckStartOffset, long popTime, long invisibleTime, int reviveQid, String realTopic,
            String brokerName, int queueId, long queueOffset) {
        return ckStartOffset + " " + popTime + " " + invisibleTime + " " + reviveQid + " " + retryFlag(realTopic)
                + " " + brokerName + " " + queueId + " " + queueOffset;
    }
}
