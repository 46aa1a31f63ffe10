package dev.wharf.broker.timer;

import dev.wharf.store.BoundaryType;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash, tells which held messages were already delivered although the last checkpoint does not
 * say so: it reads each real queue concerned from the first message stored at {@code since} on, and
 * recognises a delivered copy by its unique key, born time, due time and body checksum.
 */
final class PastDeliveries {

    private static final Logger log = LoggerFactory.getLogger(PastDeliveries.class);
    private static final int BATCH = 256;

    private final MessageStore store;

    PastDeliveries(MessageStore store) {
        this.store = store;
    }

    /**
     * The timer-queue offsets of the held messages whose copy is in their real queue among the messages
     * stored at or after {@code since}.
     */
    Set<Long> among(List<StoredMessage> held, long since) {
        Map<RealQueue, Map<String, Long>> wanted = new HashMap<>();
        for (StoredMessage message : held) {
            RealQueue.of(message).ifPresent(queue ->
                    wanted.computeIfAbsent(queue, any -> new HashMap<>()).put(identity(message), message.queueOffset()));
        }
        Set<Long> delivered = new HashSet<>();
        wanted.forEach((queue, byIdentity) -> scan(queue, since, byIdentity, delivered));
        return delivered;
    }

    private void scan(RealQueue queue, long since, Map<String, Long> byIdentity, Set<Long> delivered) {
        long offset = store.offsetByTimestamp(queue.topic(), queue.queueId(), since, BoundaryType.LOWER);
        while (true) {
            GetResult got = store.get(queue.topic(), queue.queueId(), offset, BATCH, MessageFilter.ALL);
            if (got.status() != GetResult.GetStatus.FOUND) {
                return;
            }
            try {
                for (StoredMessage message : StoredMessageCodec.decodeAll(got.records())) {
                    if (message.property(MessageProperties.TIMER_OUT_MS) != null) {
                        Long heldAt = byIdentity.get(identity(message));
                        if (heldAt != null) {
                            delivered.add(heldAt);
                        }
                    }
                }
            } catch (IllegalArgumentException corrupt) {
                log.warn("skipping undecodable records of {} before offset {} while looking for timer deliveries",
                        queue, got.nextBeginOffset(), corrupt);
            }
            offset = got.nextBeginOffset();
        }
    }

    /** What a held message and its delivered copy share, and other messages do not. */
    private static String identity(StoredMessage message) {
        return message.property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) + '|' + message.bornTimestamp()
                + '|' + message.property(MessageProperties.TIMER_OUT_MS) + '|' + message.bodyCrc();
    }
}
