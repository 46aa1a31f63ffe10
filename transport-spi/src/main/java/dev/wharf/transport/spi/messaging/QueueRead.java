package dev.wharf.transport.spi.messaging;

import java.util.List;

/**
 * What one {@link MessagingService#read} of a queue got.
 *
 * <pre>{@code
 * QueueRead read = messaging.read(request, "wharf_mqtt_retained", 0, offset, MessagingService.MAX_BATCH).join();
 * read.messages().forEach(index::apply);
 * offset = read.nextOffset();
 * boolean more = !read.atEnd();
 * }</pre>
 *
 * @param messages the messages, in queue order; their receipt handles are null (nothing is acknowledged)
 * @param nextOffset the offset to read from next
 * @param maxOffset the queue's end when the broker answered: the offset the next message stored will get
 */
public record QueueRead(List<Delivery> messages, long nextOffset, long maxOffset) {

    public QueueRead {
        messages = List.copyOf(messages);
    }

    /** Whether everything stored in the queue when the broker answered has been read. */
    public boolean atEnd() {
        return nextOffset >= maxOffset;
    }
}
