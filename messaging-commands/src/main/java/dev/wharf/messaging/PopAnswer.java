package dev.wharf.messaging;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A successful POP_MESSAGE answer read the way RocketMQ's Remoting client reads it: each record's receipt
 * is its {@code POP_CK} property when the broker set one (retry messages), else it is built from the answer
 * header — the checkpoint start offset of the message's queue ({@code startOffsetInfo}), the pop time,
 * invisible time and revive queue — and the message's own queue offset. A FIFO pop's
 * {@code orderCountInfo} says how often each message was delivered already.
 */
public final class PopAnswer {

    private static final String RETRY_PREFIX = "%RETRY%";

    /**
     * One popped message.
     *
     * @param message the stored record, under the topic the consumer asked for
     * @param handle its receipt handle
     * @param reconsumeTimes deliveries before this one
     */
    public record Popped(StoredMessage message, ReceiptHandle handle, int reconsumeTimes) {

        /** Which delivery this is, counting from 1. */
        public int deliveryAttempt() {
            return reconsumeTimes + 1;
        }
    }

    private PopAnswer() {}

    /**
     * The messages of a SUCCESS answer to a pop on {@code brokerName}.
     *
     * @throws MessagingException INTERNAL_SERVER_ERROR when the answer cannot be read
     */
    public static List<Popped> read(RemotingCommand answer, String brokerName) {
        try {
            return decode(answer, brokerName);
        } catch (IllegalArgumentException unreadable) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "the broker's pop answer is unreadable: " + unreadable.getMessage());
        }
    }

    private static List<Popped> decode(RemotingCommand answer, String brokerName) {
        List<StoredMessage> records = StoredMessageCodec.decodeAll(answer.body());
        Map<String, Long> startOffsets = startOffsets(answer.extField("startOffsetInfo"));
        Map<String, Integer> orderCounts = orderCounts(answer.extField("orderCountInfo"));
        long popTime = Long.parseLong(answer.extField("popTime"));
        long invisibleTime = Long.parseLong(answer.extField("invisibleTime"));
        int reviveQid = Integer.parseInt(answer.extField("reviveQid"));
        List<Popped> popped = new ArrayList<>(records.size());
        for (StoredMessage message : records) {
            String queueKey = retryFlag(message.topic()) + "@" + message.queueId();
            String extraInfo = message.property(MessageProperties.POP_CK);
            if (extraInfo == null) {
                Long startOffset = startOffsets.get(queueKey);
                if (startOffset == null) {
                    throw new IllegalArgumentException("no start offset for queue " + queueKey + " of "
                            + message.topic());
                }
                extraInfo = startOffset + " " + popTime + " " + invisibleTime + " " + reviveQid + " "
                        + retryFlag(message.topic()) + " " + brokerName + " " + message.queueId() + " "
                        + message.queueOffset();
            }
            Integer count = orderCounts.get(retryFlag(message.topic()) + "@qo" + message.queueId() + "%"
                    + message.queueOffset());
            if (count == null) {
                count = orderCounts.get(queueKey);
            }
            int reconsumeTimes = count != null && count > 0 ? count : message.reconsumeTimes();
            popped.add(new Popped(message, ReceiptHandle.of(extraInfo, message.commitLogOffset()), reconsumeTimes));
        }
        return popped;
    }

    /** {@code R Q S;…} as {@code "R@Q" → S}. */
    private static Map<String, Long> startOffsets(String info) {
        Map<String, Long> offsets = new HashMap<>();
        for (String[] entry : entries(info)) {
            offsets.put(entry[0] + "@" + entry[1], Long.parseLong(entry[2]));
        }
        return offsets;
    }

    /** {@code R Q n;…} and {@code R qo<Q>%<offset> n;…} as {@code "R@Q"} or {@code "R@qo<Q>%<offset>"} → n. */
    private static Map<String, Integer> orderCounts(String info) {
        Map<String, Integer> counts = new HashMap<>();
        for (String[] entry : entries(info)) {
            counts.put(entry[0] + "@" + entry[1], Integer.parseInt(entry[2]));
        }
        return counts;
    }

    private static List<String[]> entries(String info) {
        List<String[]> entries = new ArrayList<>();
        if (info == null || info.isBlank()) {
            return entries;
        }
        for (String entry : info.split(";")) {
            String[] fields = entry.trim().split(" ");
            if (fields.length != 3) {
                throw new IllegalArgumentException("malformed pop info entry '" + entry + "'");
            }
            entries.add(fields);
        }
        return entries;
    }

    /** The retry flag RocketMQ derives from the topic a record was read from. */
    private static String retryFlag(String topic) {
        if (!topic.startsWith(RETRY_PREFIX)) {
            return "0";
        }
        return topic.contains("+") ? "2" : "1";
    }
}
