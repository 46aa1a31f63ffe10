package dev.wharf.messaging.admin;

import java.util.List;

/**
 * A topic as admin tools show it.
 *
 * @param name the topic
 * @param messageType NORMAL, FIFO, DELAY or TRANSACTION
 * @param readQueues queues consumers read
 * @param writeQueues queues producers write
 * @param queues the offsets of each queue; empty when not asked for
 */
public record TopicDescription(String name, String messageType, int readQueues, int writeQueues,
        List<QueueOffsets> queues) {

    public TopicDescription {
        queues = List.copyOf(queues);
    }

    public TopicDescription withQueues(List<QueueOffsets> offsets) {
        return new TopicDescription(name, messageType, readQueues, writeQueues, offsets);
    }
}
