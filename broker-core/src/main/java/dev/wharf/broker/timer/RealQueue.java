package dev.wharf.broker.timer;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import java.util.Optional;

/** The queue a held message is delivered to, from its {@code REAL_TOPIC} and {@code REAL_QID} properties. */
record RealQueue(String topic, int queueId) {

    /** The real queue a held message names; empty when it names none or a malformed one. */
    static Optional<RealQueue> of(StoredMessage held) {
        String topic = held.property(MessageProperties.REAL_TOPIC);
        String queueId = held.property(MessageProperties.REAL_QUEUE_ID);
        if (topic == null || queueId == null) {
            return Optional.empty();
        }
        try {
            int id = Integer.parseInt(queueId);
            return id < 0 ? Optional.empty() : Optional.of(new RealQueue(topic, id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
