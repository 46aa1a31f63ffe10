package dev.wharf.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RocketMQ's message-property keys and their string encoding: {@code key 0x01 value 0x02} for every
 * pair, the last one included. The same string travels in send headers and in stored records.
 *
 * <pre>{@code
 * String wire = MessageProperties.encode(Map.of(MessageProperties.TAGS, "TagA"));   // "TAGS\u0001TagA\u0002"
 * Map<String, String> back = MessageProperties.decode(wire);
 * }</pre>
 */
public final class MessageProperties {

    /** Separates a key from its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    /** Ends every pair. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    public static final String KEYS = "KEYS";
    public static final String TAGS = "TAGS";
    public static final String WAIT_STORE_MSG_OK = "WAIT";
    public static final String DELAY_TIME_LEVEL = "DELAY";
    public static final String UNIQ_CLIENT_MESSAGE_ID_KEYIDX = "UNIQ_KEY";
    public static final String TRANSACTION_PREPARED = "TRAN_MSG";
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QUEUE_ID = "REAL_QID";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String MIN_OFFSET = "MIN_OFFSET";
    public static final String MAX_OFFSET = "MAX_OFFSET";
    public static final String MSG_REGION = "MSG_REGION";
    public static final String TRACE_SWITCH = "TRACE_ON";
    public static final String TRANSACTION_ID = "__transactionId__";
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    public static final String CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    public static final String CLUSTER = "CLUSTER";
    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String CORRELATION_ID = "CORRELATION_ID";
    public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
    public static final String MESSAGE_TTL = "TTL";
    public static final String ARRIVE_TIME = "ARRIVE_TIME";
    public static final String MESSAGE_TYPE = "MSG_TYPE";
    public static final String POP_CK = "POP_CK";
    public static final String POP_CK_OFFSET = "POP_CK_OFFSET";
    public static final String FIRST_POP_TIME = "1ST_POP_TIME";
    /** The message group of FIFO messages. */
    public static final String SHARDING_KEY = "__SHARDINGKEY";
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    public static final String TIMER_ENQUEUE_MS = "TIMER_ENQUEUE_MS";
    public static final String TIMER_DEQUEUE_MS = "TIMER_DEQUEUE_MS";
    public static final String TIMER_ROLL_TIMES = "TIMER_ROLL_TIMES";
    public static final String TIMER_DEL_UNIQKEY = "TIMER_DEL_UNIQKEY";
    public static final String TIMER_DELAY_LEVEL = "TIMER_DELAY_LEVEL";
    public static final String BORN_HOST = "__BORNHOST";
    public static final String BORN_TIMESTAMP = "BORN_TIMESTAMP";
    public static final String TRACE_CONTEXT = "TRACE_CONTEXT";
    public static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    public static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    public static final String INNER_MULTI_DISPATCH = "INNER_MULTI_DISPATCH";
    public static final String INNER_MULTI_QUEUE_OFFSET = "INNER_MULTI_QUEUE_OFFSET";
    public static final String INNER_NUM = "INNER_NUM";
    public static final String INNER_BASE = "INNER_BASE";
    public static final String CRC32 = "__CRC32#";
    /** Prefix of RocketMQ's transient, broker-internal properties. */
    public static final String TRANSIENT_PREFIX = "__RMQ.TRANSIENT.";

    private MessageProperties() {}

    /**
     * Encodes properties; pairs with a null key or value are skipped.
     *
     * @throws IllegalArgumentException if a key or value contains one of the two separators
     */
    public static String encode(Map<String, String> properties) {
        StringBuilder out = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key == null || value == null) {
                continue;
            }
            requireNoSeparator(key);
            requireNoSeparator(value);
            out.append(key).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
        }
        return out.toString();
    }

    /**
     * Decodes a property string into a new mutable map in encounter order. Tolerant like RocketMQ's
     * clients: a missing final separator is accepted and segments without a key are ignored.
     */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return properties;
        }
        int start = 0;
        int length = encoded.length();
        while (start < length) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (split > start && split < end) {
                properties.put(encoded.substring(start, split), encoded.substring(split + 1, end));
            }
            start = end + 1;
        }
        return properties;
    }

    private static void requireNoSeparator(String text) {
        if (text.indexOf(NAME_VALUE_SEPARATOR) >= 0 || text.indexOf(PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("property contains a separator character: " + text);
        }
    }
}
