package dev.wharf.compat.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Messages of several message groups, numbered per group in send order and each sent to the queue its
 * group hashes to: how a Remoting producer keeps a group in order on a FIFO topic. The group travels as the
 * message's keys, the number as the user property {@code sequence}.
 */
public final class MessageGroups {

    private static final String SEQUENCE = "sequence";
    private static final MessageQueueSelector BY_GROUP_HASH =
            (queues, message, group) -> queues.get(Math.floorMod(group.hashCode(), queues.size()));

    private MessageGroups() {}

    /**
     * Sends {@code perGroup} messages of every group, the groups interleaved, synchronously.
     *
     * @throws IllegalStateException when a send is not SEND_OK
     */
    public static void send(DefaultMQProducer producer, String topic, List<String> groups, int perGroup)
            throws Exception {
        for (int sequence = 0; sequence < perGroup; sequence++) {
            for (String group : groups) {
                Message message = new Message(topic, "Fifo", group,
                        Integer.toString(sequence).getBytes(StandardCharsets.UTF_8));
                message.putUserProperty(SEQUENCE, Integer.toString(sequence));
                SendResult sent = producer.send(message, BY_GROUP_HASH, group);
                if (sent.getSendStatus() != SendStatus.SEND_OK) {
                    throw new IllegalStateException("message " + sequence + " of group " + group + ": " + sent);
                }
            }
        }
    }

    public static String group(MessageExt message) {
        return message.getKeys();
    }

    public static int sequence(MessageExt message) {
        return Integer.parseInt(message.getUserProperty(SEQUENCE));
    }
}
