package dev.wharf.message;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of the commit log as decoded by {@link StoredMessageCodec}: every field of RocketMQ's
 * stored-message layout.
 *
 * @param totalSize record length in bytes, this field included
 * @param magic {@link StoredMessageCodec#MAGIC_V1} or {@link StoredMessageCodec#MAGIC_V2}
 * @param bodyCrc CRC32 of the body masked to 31 bits, as stored
 * @param queueId queue within the topic
 * @param flag the user flag
 * @param queueOffset logical offset in the consume queue
 * @param commitLogOffset physical offset of the record
 * @param sysFlag {@link MessageSysFlag} bits
 * @param bornTimestamp producer's timestamp (ms)
 * @param bornHost producer's address
 * @param storeTimestamp store time (ms)
 * @param storeHost the storing broker's address
 * @param reconsumeTimes delivery attempts so far
 * @param preparedTransactionOffset commit-log offset of the half message this one resolves, else 0
 * @param body the body bytes as stored (compressed if the sys flag says so)
 * @param topic the topic stored under
 * @param properties the decoded properties (unmodifiable)
 */
public record StoredMessage(
        int totalSize,
        int magic,
        int bodyCrc,
        int queueId,
        int flag,
        long queueOffset,
        long commitLogOffset,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        long storeTimestamp,
        InetSocketAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String topic,
        Map<String, String> properties) {

    public StoredMessage {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A property value, or null. */
    public String property(String key) {
        return properties.get(key);
    }

    /** The TAGS property, or null. */
    public String tags() {
        return properties.get(MessageProperties.TAGS);
    }

    /** RocketMQ's offset message id of this record ({@code msgId} in send answers). */
    public String offsetMessageId() {
        return MessageIds.offsetMessageId(storeHost, commitLogOffset);
    }

    /** The client-generated id ({@code UNIQ_KEY}) when present, else the offset message id, as clients show it. */
    public String messageId() {
        String unique = properties.get(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return unique != null ? unique : offsetMessageId();
    }

    /** Whether the stored body CRC matches the body. */
    public boolean bodyCrcMatches() {
        return StoredMessageCodec.bodyCrc(body) == bodyCrc;
    }

    /**
     * The message as it would be appended again: same topic, queue, body, properties, flags, born data
     * and reconsume count. Re-target it (retry, DLQ, transaction commit) through
     * {@link MessageRecord#toBuilder()}.
     */
    public MessageRecord toRecord() {
        return new MessageRecord(topic, queueId, flag, body, new LinkedHashMap<>(properties), sysFlag, bornTimestamp,
                bornHost, reconsumeTimes, preparedTransactionOffset, TagsCode.of(properties));
    }

    // Records compare arrays by identity; compare the body by content so decoded records are values.
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredMessage that
                && totalSize == that.totalSize && magic == that.magic && bodyCrc == that.bodyCrc
                && queueId == that.queueId && flag == that.flag && queueOffset == that.queueOffset
                && commitLogOffset == that.commitLogOffset && sysFlag == that.sysFlag
                && bornTimestamp == that.bornTimestamp && bornHost.equals(that.bornHost)
                && storeTimestamp == that.storeTimestamp && storeHost.equals(that.storeHost)
                && reconsumeTimes == that.reconsumeTimes
                && preparedTransactionOffset == that.preparedTransactionOffset
                && Arrays.equals(body, that.body) && topic.equals(that.topic)
                && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(commitLogOffset) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StoredMessage[topic=" + topic + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", commitLogOffset=" + commitLogOffset + ", totalSize=" + totalSize + ", sysFlag=" + sysFlag
                + ", storeTimestamp=" + storeTimestamp + ", bodyLength=" + body.length
                + ", properties=" + properties + "]";
    }
}
