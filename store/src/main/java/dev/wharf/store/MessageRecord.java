package dev.wharf.store;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * A message to append, before the store assigns its offsets.
 *
 * @param topic topic the record is stored under (a retry, DLQ or internal topic included)
 * @param queueId queue within the topic
 * @param flag the user flag
 * @param body the body as sent (compressed if {@code sysFlag} says so)
 * @param properties message properties; encoded as RocketMQ's {@code key\u0001value\u0002} string
 * @param sysFlag RocketMQ's MessageSysFlag bits
 * @param bornTimestamp producer's timestamp
 * @param bornHost producer's address
 * @param reconsumeTimes delivery attempts so far
 * @param preparedTransactionOffset commit-log offset of the half message this one resolves, else 0
 * @param tagsCode hash of the TAGS property, kept in the consume queue for filtering
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
}
