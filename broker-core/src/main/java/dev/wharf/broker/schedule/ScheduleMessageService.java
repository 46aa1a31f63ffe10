package dev.wharf.broker.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocketMQ's classic delayed delivery. A message with {@code DELAY=<level>} is stored in
 * {@code SCHEDULE_TOPIC_XXXX}, queue {@code level-1}, with its real topic and queue in the {@code REAL_TOPIC}
 * and {@code REAL_QID} properties. Every queue holds messages of one delay in store order, so one cursor
 * per level suffices: the head of the queue is always the next message due. When it is due it is appended
 * to its real topic and the cursor moves on; cursors are kept in {@code delayOffsets.json}.
 *
 * <p>Delivery is asynchronous on the broker's timer: each level reads a batch, re-appends the due messages,
 * and once the store has them advances its cursor and schedules its next look — at once when there may be
 * more, when the next message falls due, or after a short idle pause when the queue is empty.
 *
 * <pre>{@code
 * MessageRecord delayed = schedule.schedule(message, 3);   // stored under SCHEDULE_TOPIC_XXXX, queue 2
 * store.put(delayed);                                      // re-appended to its topic ~10 s later
 * }</pre>
 */
public final class ScheduleMessageService {

    private static final Logger log = LoggerFactory.getLogger(ScheduleMessageService.class);
    private static final long IDLE_MILLIS = 100;
    private static final int BATCH = 32;

    private final MessageStore store;
    private final DelayLevels levels;
    private final MetadataFile file;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final AtomicLongArray cursors;
    private volatile boolean running;

    public ScheduleMessageService(
            MessageStore store, DelayLevels levels, MetadataFile file, ScheduledExecutorService timer, Clock clock) {
        this.store = store;
        this.levels = levels;
        this.file = file;
        this.timer = timer;
        this.clock = clock;
        this.cursors = new AtomicLongArray(levels.count());
    }

    /** Loads the cursors of {@code delayOffsets.json}, if it was ever written. */
    public void load() {
        file.read().ifPresent(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            json.path("offsetTable").fields().forEachRemaining(entry -> {
                int level = Integer.parseInt(entry.getKey());
                if (level >= 1 && level <= levels.count()) {
                    cursors.set(level - 1, entry.getValue().asLong());
                }
            });
        });
    }

    /** Starts one delivery loop per level. */
    public void start() {
        running = true;
        for (int level = 1; level <= levels.count(); level++) {
            int current = level;
            timer.execute(() -> deliver(current));
        }
    }

    /** Stops scheduling further deliveries; the broker stops its timer and flushes the cursors after. */
    public void stop() {
        running = false;
    }

    /** Whether delayed delivery is on (the broker has at least one level). */
    public boolean enabled() {
        return levels.count() > 0;
    }

    /** How many levels there are. */
    public int levelCount() {
        return levels.count();
    }

    /**
     * The message redirected to the scheduling queue of {@code level} (clamped to the highest), carrying its
     * real topic and queue.
     */
    public MessageRecord schedule(MessageRecord message, int level) {
        int clamped = levels.clamp(level);
        return message.toBuilder()
                .topic(TopicNames.SCHEDULE_TOPIC)
                .queueId(clamped - 1)
                .property(MessageProperties.REAL_TOPIC, message.topic())
                .property(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()))
                .property(MessageProperties.DELAY_TIME_LEVEL, Integer.toString(clamped))
                .build();
    }

    /** The cursor of a level: the next scheduling-queue offset to deliver. */
    public long cursor(int level) {
        return cursors.get(level - 1);
    }

    /** Writes the cursors if any moved since the last write. */
    public void flush() {
        file.writeIfChanged(() -> {
            ObjectNode json = Json.mapper().createObjectNode();
            ObjectNode table = json.putObject("offsetTable");
            for (int level = 1; level <= levels.count(); level++) {
                table.put(Integer.toString(level), cursors.get(level - 1));
            }
            return Json.write(json);
        });
    }

    private void deliver(int level) {
        if (!running) {
            return;
        }
        try {
            GetResult got = store.get(TopicNames.SCHEDULE_TOPIC, level - 1, cursor(level), BATCH, MessageFilter.ALL);
            switch (got.status()) {
                case FOUND -> deliverDue(level, got);
                case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> {
                    moveCursor(level, got.nextBeginOffset());
                    next(level, 0);
                }
                default -> next(level, IDLE_MILLIS);
            }
        } catch (RuntimeException e) {
            log.error("delay level {} could not read its queue; retrying", level, e);
            next(level, IDLE_MILLIS);
        }
    }

    private void deliverDue(int level, GetResult got) {
        List<StoredMessage> batch;
        try {
            batch = StoredMessageCodec.decodeAll(got.records());
        } catch (IllegalArgumentException corrupt) {
            log.error("delay level {} skips undecodable records before offset {}", level, got.nextBeginOffset(), corrupt);
            moveCursor(level, got.nextBeginOffset());
            next(level, 0);
            return;
        }
        long now = clock.millis();
        long delay = levels.delayMillis(level);
        List<StoredMessage> due = new ArrayList<>();
        long wait = 0;
        for (StoredMessage message : batch) {
            long dueAt = message.storeTimestamp() + delay;
            if (dueAt > now) {
                wait = dueAt - now;
                break;
            }
            due.add(message);
        }
        long pause = wait;
        redeliver(due).whenComplete((delivered, failure) -> {
            if (delivered > 0) {
                moveCursor(level, due.get(delivered - 1).queueOffset() + 1);
            }
            next(level, delivered < due.size() ? IDLE_MILLIS : pause);
        });
    }

    /** Appends the messages to their real queues in order; completes with how many made it in a row. */
    private CompletableFuture<Integer> redeliver(List<StoredMessage> due) {
        List<CompletableFuture<PutResult>> puts = new ArrayList<>(due.size());
        for (StoredMessage message : due) {
            puts.add(put(message));
        }
        return CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            int delivered = 0;
            while (delivered < puts.size() && !puts.get(delivered).isCompletedExceptionally()) {
                delivered++;
            }
            if (failure != null) {
                log.warn("delayed message at offset {} could not be re-appended; retrying",
                        due.get(delivered).queueOffset(), failure);
            }
            return delivered;
        });
    }

    private CompletableFuture<PutResult> put(StoredMessage message) {
        String realTopic = message.property(MessageProperties.REAL_TOPIC);
        int realQueue = realQueueId(message);
        if (realTopic == null || realQueue < 0) {
            // Not a message this service scheduled: nothing could ever deliver it.
            log.warn("delayed message at offset {} names no real topic or queue; dropped", message.queueOffset());
            return CompletableFuture.completedFuture(null);
        }
        try {
            return store.put(message.toRecord().toBuilder()
                    .topic(realTopic)
                    .queueId(realQueue)
                    .property(MessageProperties.DELAY_TIME_LEVEL, null)
                    .build());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static int realQueueId(StoredMessage message) {
        try {
            return Integer.parseInt(message.property(MessageProperties.REAL_QUEUE_ID));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void moveCursor(int level, long offset) {
        cursors.set(level - 1, offset);
        file.markChanged();
    }

    private void next(int level, long delayMillis) {
        if (running) {
            try {
                timer.schedule(() -> deliver(level), delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                log.debug("delay level {} stops with the broker's timer", level);
            }
        }
    }
}
