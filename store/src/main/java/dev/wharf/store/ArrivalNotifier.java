package dev.wharf.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link MessageStore.ArrivalListener}s about new messages on one dedicated thread
 * ({@code wharf-store-arrivals}), after the append lock is released, in append order.
 */
final class ArrivalNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArrivalNotifier.class);

    private final List<MessageStore.ArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = StoreThreads.single("wharf-store-arrivals");

    void add(MessageStore.ArrivalListener listener) {
        listeners.add(listener);
    }

    /** Announces messages appended to one queue at consecutive offsets from {@code firstQueueOffset}. */
    void arrived(String topic, int queueId, long firstQueueOffset, long[] tagsCodes) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                for (int i = 0; i < tagsCodes.length; i++) {
                    for (MessageStore.ArrivalListener listener : listeners) {
                        notifyOne(listener, topic, queueId, firstQueueOffset + i, tagsCodes[i]);
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            LOG.debug("store closing; arrival on {}/{} not announced", topic, queueId);
        }
    }

    private static void notifyOne(MessageStore.ArrivalListener listener, String topic, int queueId, long offset, long tagsCode) {
        try {
            listener.arrived(topic, queueId, offset, tagsCode);
        } catch (RuntimeException e) {
            LOG.warn("arrival listener {} failed for {}/{}@{}", listener, topic, queueId, offset, e);
        }
    }

    @Override
    public void close() {
        StoreThreads.drain(executor);
    }
}
