package dev.wharf.compat.support;

import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Reads a group's committed offsets from the server itself (QUERY_CONSUMER_OFFSET), not from any client's
 * memory, with a short-lived pull consumer of that group. Start it only while no other consumer of the
 * group runs: it joins the group for the moment it reads.
 */
public final class CommittedOffsets {

    private CommittedOffsets() {}

    /**
     * @return queue id to committed offset for every queue of {@code topic}; -1 where nothing is committed
     */
    @SuppressWarnings("deprecation") // DefaultMQPullConsumer is the one API both client lines share for this
    public static Map<Integer, Long> read(String nameServer, String group, String topic) {
        DefaultMQPullConsumer probe = new DefaultMQPullConsumer(group);
        probe.setNamesrvAddr(nameServer);
        probe.setInstanceName(Names.unique("offsets"));
        try {
            probe.start();
            Map<Integer, Long> offsets = new TreeMap<>();
            for (MessageQueue queue : probe.fetchSubscribeMessageQueues(topic)) {
                offsets.put(queue.getQueueId(), probe.fetchConsumeOffset(queue, true));
            }
            return offsets;
        } catch (MQClientException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group + " on " + topic, e);
        } finally {
            probe.shutdown();
        }
    }
}
