package dev.wharf.broker.pop;

import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;

/**
 * Reads originals from the local store. Gone means provably gone: the topic no longer exists, or the
 * offset lies below the queue's first stored offset. Everything else that does not yield the very
 * message asked for (the offset not readable yet, another record, a failure) is {@link Read.NotNow}.
 */
final class StoreOriginalMessageReader implements OriginalMessageReader {

    private final MessageStore store;
    private final TopicRegistry topics;

    StoreOriginalMessageReader(MessageStore store, TopicRegistry topics) {
        this.store = store;
        this.topics = topics;
    }

    @Override
    public Read read(String topic, int queueId, long queueOffset) {
        if (topics.get(topic).isEmpty()) {
            return new Read.Gone("the topic " + topic + " no longer exists");
        }
        try {
            GetResult got = store.get(topic, queueId, queueOffset, 1, MessageFilter.ALL);
            if (got.status() == GetResult.GetStatus.OFFSET_TOO_SMALL) {
                return new Read.Gone("offset " + queueOffset + " of " + topic + "/" + queueId
                        + " lies below the first stored offset " + got.minOffset());
            }
            if (got.status() != GetResult.GetStatus.FOUND) {
                return new Read.NotNow("reading offset " + queueOffset + " of " + topic + "/" + queueId + " found "
                        + got.status() + " (queue holds " + got.minOffset() + ".." + got.maxOffset() + ")");
            }
            StoredMessage message = StoredMessageCodec.decodeAll(got.records()).get(0);
            if (message.queueOffset() != queueOffset) {
                return new Read.NotNow("reading offset " + queueOffset + " of " + topic + "/" + queueId
                        + " returned offset " + message.queueOffset());
            }
            return new Read.Found(message);
        } catch (RuntimeException e) {
            return new Read.NotNow("reading offset " + queueOffset + " of " + topic + "/" + queueId + " failed: " + e);
        }
    }
}
