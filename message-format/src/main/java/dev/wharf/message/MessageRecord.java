package dev.wharf.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to append, before the store assigns its offsets.
 *
 * <pre>{@code
 * MessageRecord retry = stored.toRecord().toBuilder()
 *         .topic("%RETRY%group").queueId(0)
 *         .property(MessageProperties.RETRY_TOPIC, stored.topic())
 *         .reconsumeTimes(stored.reconsumeTimes() + 1)
 *         .build();
 * }</pre>
 *
 * @param topic topic the record is stored under (a retry, DLQ or internal topic included)
 * @param queueId queue within the topic
 * @param flag the user flag
 * @param body the body as sent (compressed if {@code sysFlag} says so)
 * @param properties message properties; encoded as RocketMQ's {@code key\u0001value\u0002} string
 * @param sysFlag RocketMQ's MessageSysFlag bits (the store sets the two host bits itself)
 * @param bornTimestamp producer's timestamp
 * @param bornHost producer's address
 * @param reconsumeTimes delivery attempts so far
 * @param preparedTransactionOffset commit-log offset of the half message this one resolves, else 0
 * @param tagsCode hash of the TAGS property, kept in the consume queue for filtering. A value other than
 *     {@code TagsCode.of(properties)} is honoured at append time, but a consume queue rebuilt by recovery
 *     recomputes it from the TAGS property
 */
public record MessageRecord(
        String topic,
        int queueId,
        int flag,
        byte[] body,
        Map<String, String> properties,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        long tagsCode) {

    public MessageRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(bornHost, "bornHost");
    }

    /**
     * Starts a record for a queue: empty body and properties, flags 0, born now on the loopback address;
     * the tags code follows the TAGS property unless set explicitly.
     */
    public static Builder builder(String topic, int queueId) {
        return new Builder(topic, queueId);
    }

    /** A builder holding this record's fields; the tags code is kept only if the TAGS property is left alone. */
    public Builder toBuilder() {
        Builder builder = new Builder(topic, queueId)
                .flag(flag)
                .body(body)
                .properties(properties)
                .sysFlag(sysFlag)
                .bornTimestamp(bornTimestamp)
                .bornHost(bornHost)
                .reconsumeTimes(reconsumeTimes)
                .preparedTransactionOffset(preparedTransactionOffset);
        if (tagsCode != TagsCode.of(properties)) {
            builder.tagsCode(tagsCode);
        }
        return builder;
    }

    /** Builds a {@link MessageRecord}; not thread-safe. */
    public static final class Builder {
        private String topic;
        private int queueId;
        private int flag;
        private byte[] body = new byte[0];
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int sysFlag;
        private long bornTimestamp = System.currentTimeMillis();
        private InetSocketAddress bornHost = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private int reconsumeTimes;
        private long preparedTransactionOffset;
        private Long tagsCode;

        private Builder(String topic, int queueId) {
            this.topic = topic;
            this.queueId = queueId;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder queueId(int queueId) {
            this.queueId = queueId;
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /** Replaces all properties with a copy of the given ones. */
        public Builder properties(Map<String, String> properties) {
            this.properties.clear();
            this.properties.putAll(properties);
            return this;
        }

        /** Sets one property; a null value removes it. */
        public Builder property(String key, String value) {
            if (value == null) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
            return this;
        }

        public Builder sysFlag(int sysFlag) {
            this.sysFlag = sysFlag;
            return this;
        }

        public Builder bornTimestamp(long bornTimestamp) {
            this.bornTimestamp = bornTimestamp;
            return this;
        }

        public Builder bornHost(InetSocketAddress bornHost) {
            this.bornHost = bornHost;
            return this;
        }

        public Builder reconsumeTimes(int reconsumeTimes) {
            this.reconsumeTimes = reconsumeTimes;
            return this;
        }

        public Builder preparedTransactionOffset(long preparedTransactionOffset) {
            this.preparedTransactionOffset = preparedTransactionOffset;
            return this;
        }

        /** Overrides the tag hash (e.g. a delivery time for a scheduling queue). */
        public Builder tagsCode(long tagsCode) {
            this.tagsCode = tagsCode;
            return this;
        }

        public MessageRecord build() {
            Map<String, String> snapshot = new LinkedHashMap<>(properties);
            long code = tagsCode != null ? tagsCode : TagsCode.of(snapshot);
            return new MessageRecord(topic, queueId, flag, body, snapshot, sysFlag, bornTimestamp, bornHost,
                    reconsumeTimes, preparedTransactionOffset, code);
        }
    }
}
