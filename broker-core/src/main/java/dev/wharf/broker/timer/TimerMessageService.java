package dev.wharf.broker.timer;

import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.ExecutorRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbitrary delivery times (RocketMQ 5.x timer messages): a message with {@code TIMER_DELIVER_MS},
 * {@code TIMER_DELAY_SEC} or {@code TIMER_DELAY_MS} is held in {@code rmq_sys_wheel_timer} queue 0, carrying
 * {@code TIMER_OUT_MS}, {@code REAL_TOPIC} and {@code REAL_QID}, and appended to its real queue when due —
 * never before, and within a few milliseconds after when the broker is not overloaded.
 *
 * <p>How it keeps time: one thread of its own reads each held message as it arrives (the store announces
 * arrivals) and files a 24-byte {@link TimerEntry} in the {@link TimerBuckets bucket file} of its due time.
 * Buckets due within the next {@value #BUCKET_MILLIS} ms are read into a priority queue, and the thread
 * sleeps until the earliest entry is due. Memory thus holds entries of the near future only, never bodies.
 *
 * <p>What survives a crash: a {@link TimerCheckpoint} written about every second (after forcing the bucket
 * files) records how far the timer queue was filed and up to which due time everything was delivered.
 * Start-up files what arrived after it, delivers at once what fell due while the broker was down, and
 * skips messages delivered after the checkpoint, recognised in their real queues ({@link PastDeliveries}),
 * so a crash delivers nothing twice.
 *
 * <pre>{@code
 * MessageRecord routed = timers.route(message);  // held under rmq_sys_wheel_timer when due later
 * store.put(routed);                              // appended to its real queue when due
 * }</pre>
 */
public final class TimerMessageService implements MessageStore.ArrivalListener, AutoCloseable {

    /** The span of due times one bucket file covers; also how far ahead buckets are read into memory. */
    static final long BUCKET_MILLIS = 10_000;
    private static final long CHECKPOINT_MILLIS = 1_000;
    private static final long RETRY_MILLIS = 100;
    private static final long CLOCK_SKEW_MARGIN_MILLIS = 1_000;
    private static final int READ_BATCH = 256;
    private static final int DELIVERY_BATCH = 1_024;

    private static final Logger log = LoggerFactory.getLogger(TimerMessageService.class);

    private final MessageStore store;
    private final TimerConfig config;
    private final TimerBuckets buckets;
    private final MetadataFile checkpointFile;
    private final Clock clock;
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile boolean running;
    private ScheduledThreadPoolExecutor thread;

    // Owned by the timer thread (or by start/close while it is not running).
    private final PriorityQueue<TimerEntry> due = new PriorityQueue<>();
    private long loadedThrough = Long.MIN_VALUE;
    private long indexedUpTo;
    private long retryAfter;
    private boolean progressed;
    private long nextCheckpointAt;
    /** Delivered entries a checkpoint cannot yet claim: since when, and the latest due time among them. */
    private long uncoveredSince = Long.MAX_VALUE;
    private long uncoveredThrough = Long.MIN_VALUE;
    private ScheduledFuture<?> nextTick;

    public TimerMessageService(MessageStore store, TimerConfig config, Path bucketDir, MetadataFile checkpointFile,
            Clock clock) {
        this.store = store;
        this.config = config;
        this.buckets = new TimerBuckets(bucketDir, BUCKET_MILLIS);
        this.checkpointFile = checkpointFile;
        this.clock = clock;
    }

    /**
     * The message as it must be appended: held in the timer topic when it asks for a later delivery time,
     * otherwise unchanged but for a relative delay made absolute ({@code TIMER_DELIVER_MS}), so a later
     * rewrite (a dead-letter copy, say) never delays it again. Half messages pass untouched: a transaction
     * commit routes the committed message.
     *
     * @throws dev.wharf.transport.spi.RemotingCommandException MESSAGE_ILLEGAL for a malformed delivery time
     *     or one beyond {@link TimerConfig#maxDelay()}
     */
    public MessageRecord route(MessageRecord message) {
        if (!DeliveryTime.requested(message.properties())
                || MessageSysFlag.transactionType(message.sysFlag()) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            return message;
        }
        long now = clock.millis();
        long deliverAt = DeliveryTime.of(message.properties(), now, config.maxDelay()).orElseThrow();
        MessageRecord.Builder routed = message.toBuilder()
                .property(MessageProperties.TIMER_DELAY_SEC, null)
                .property(MessageProperties.TIMER_DELAY_MS, null)
                .property(MessageProperties.TIMER_DELIVER_MS, Long.toString(deliverAt));
        if (deliverAt <= now) {
            return routed.build();
        }
        return routed.topic(TopicNames.TIMER_TOPIC)
                .queueId(0)
                .property(MessageProperties.REAL_TOPIC, message.topic())
                .property(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()))
                .property(MessageProperties.TIMER_OUT_MS, Long.toString(deliverAt))
                .build();
    }

    /**
     * Recovers from the last checkpoint — files held messages that arrived after it, reads what is due
     * soon or overdue, leaves out what was delivered before a crash — and starts the timer thread.
     */
    public void start() {
        TimerCheckpoint checkpoint = TimerCheckpoint.read(checkpointFile);
        buckets.repairTails();
        indexedUpTo = checkpoint.indexedUpTo();
        indexArrivals();
        long now = clock.millis();
        loadedThrough = buckets.bucketOf(now) + 1;
        List<TimerEntry> overdue = new ArrayList<>();
        for (long bucket : buckets.buckets()) {
            if (bucket <= loadedThrough) {
                load(bucket, checkpoint, now, overdue);
            }
        }
        int skipped = skipDeliveredSince(checkpoint, overdue);
        nextCheckpointAt = now + CHECKPOINT_MILLIS;
        progressed = true;
        thread = new ScheduledThreadPoolExecutor(1, ExecutorRegistry.namedDaemonThreads("wharf-timer"));
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        running = true;
        log.info("timer started: {} held messages due within {} ms in memory, {} of them overdue",
                due.size(), BUCKET_MILLIS, overdue.size() - skipped);
        wake();
    }

    /** Wakes the timer thread when a held message arrives. */
    @Override
    public void arrived(String topic, int queueId, long queueOffset, long tagsCode) {
        if (TopicNames.TIMER_TOPIC.equals(topic)) {
            wake();
        }
    }

    /** Stops the timer thread, then forces the bucket files and writes a last checkpoint. */
    @Override
    public void close() {
        if (!running) {
            buckets.close();
            return;
        }
        running = false;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the timer thread did not stop within 5 s; its checkpoint is not rewritten");
                return;
            }
            checkpoint(clock.millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the timer could not write its checkpoint on close", e);
        } finally {
            buckets.close();
        }
    }

    private void wake() {
        if (running && wakeRequested.compareAndSet(false, true)) {
            try {
                thread.execute(this::tick);
            } catch (RejectedExecutionException stopping) {
                log.debug("the timer is stopping");
            }
        }
    }

    private void tick() {
        wakeRequested.set(false);
        if (!running) {
            return;
        }
        try {
            indexArrivals();
            long now = clock.millis();
            while (buckets.startOf(loadedThrough + 1) - BUCKET_MILLIS <= now) {
                loadedThrough++;
                load(loadedThrough, TimerCheckpoint.INITIAL, now, new ArrayList<>());
            }
            if (now >= retryAfter) {
                deliverDue(now);
            }
            if (progressed && clock.millis() >= nextCheckpointAt) {
                checkpoint(clock.millis());
            }
        } catch (RuntimeException e) {
            log.error("the timer failed a round; retrying in {} ms", RETRY_MILLIS, e);
            retryAfter = clock.millis() + RETRY_MILLIS;
        }
        scheduleNextTick();
    }

    /** Files every held message that arrived since the last look, and queues those due soon. */
    private void indexArrivals() {
        while (true) {
            GetResult got = store.get(TopicNames.TIMER_TOPIC, 0, indexedUpTo, READ_BATCH, MessageFilter.ALL);
            if (got.status() == GetResult.GetStatus.OFFSET_TOO_SMALL) {
                log.error("held timer messages {}..{} are no longer stored; they cannot be delivered",
                        indexedUpTo, got.nextBeginOffset() - 1);
                indexedUpTo = got.nextBeginOffset();
                continue;
            }
            if (got.status() != GetResult.GetStatus.FOUND) {
                return;
            }
            List<TimerEntry> entries = new ArrayList<>(got.messageCount());
            try {
                for (StoredMessage held : StoredMessageCodec.decodeAll(got.records())) {
                    entryOf(held).ifPresent(entries::add);
                }
            } catch (IllegalArgumentException corrupt) {
                log.error("held timer messages before offset {} cannot be decoded; skipped", got.nextBeginOffset(),
                        corrupt);
            }
            buckets.append(entries);
            for (TimerEntry entry : entries) {
                if (buckets.bucketOf(entry.deliverAt()) <= loadedThrough) {
                    due.add(entry);
                }
            }
            indexedUpTo = got.nextBeginOffset();
            progressed = true;
        }
    }

    private static Optional<TimerEntry> entryOf(StoredMessage held) {
        try {
            long deliverAt = Long.parseLong(held.property(MessageProperties.TIMER_OUT_MS));
            return Optional.of(new TimerEntry(deliverAt, held.queueOffset(), held.commitLogOffset()));
        } catch (NumberFormatException e) {
            log.warn("held timer message at offset {} has no valid TIMER_OUT_MS; dropped", held.queueOffset());
            return Optional.empty();
        }
    }

    /**
     * Queues the entries of a bucket the checkpoint does not count as delivered, once each (a crash may
     * have filed an entry twice); collects those already due into {@code overdue}.
     */
    private void load(long bucket, TimerCheckpoint checkpoint, long now, List<TimerEntry> overdue) {
        Set<Long> seen = new HashSet<>();
        for (TimerEntry entry : buckets.read(bucket)) {
            if (!checkpoint.delivered(entry) && seen.add(entry.queueOffset())) {
                due.add(entry);
                if (entry.deliverAt() <= now) {
                    overdue.add(entry);
                }
            }
        }
    }

    /**
     * Leaves out the overdue entries that were delivered after the checkpoint was taken, and keeps later
     * checkpoints from forgetting them until they are covered. Answers how many it left out.
     */
    private int skipDeliveredSince(TimerCheckpoint checkpoint, List<TimerEntry> overdue) {
        if (overdue.isEmpty()) {
            return 0;
        }
        List<StoredMessage> held = new ArrayList<>(overdue.size());
        for (TimerEntry entry : overdue) {
            heldMessage(entry).ifPresent(held::add);
        }
        Set<Long> delivered = new PastDeliveries(store).among(held, checkpoint.takenAt() - CLOCK_SKEW_MARGIN_MILLIS);
        if (delivered.isEmpty()) {
            return 0;
        }
        due.removeIf(entry -> delivered.contains(entry.queueOffset()));
        for (TimerEntry entry : overdue) {
            if (delivered.contains(entry.queueOffset())) {
                uncoveredSince = Math.min(uncoveredSince, checkpoint.takenAt());
                uncoveredThrough = Math.max(uncoveredThrough, entry.deliverAt());
            }
        }
        log.info("timer recovery: {} overdue messages were delivered before the crash and are skipped",
                delivered.size());
        return delivered.size();
    }

    private void deliverDue(long now) {
        List<TimerEntry> batch = new ArrayList<>();
        while (!due.isEmpty() && due.peek().deliverAt() <= now && batch.size() < DELIVERY_BATCH) {
            batch.add(due.poll());
        }
        if (batch.isEmpty()) {
            return;
        }
        List<CompletableFuture<PutResult>> puts = new ArrayList<>(batch.size());
        for (TimerEntry entry : batch) {
            puts.add(deliver(entry));
        }
        List<TimerEntry> delivered = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (completed(puts.get(i), batch.get(i))) {
                delivered.add(batch.get(i));
            } else {
                due.add(batch.get(i));
                retryAfter = clock.millis() + RETRY_MILLIS;
            }
        }
        // Delivered behind one that failed: no checkpoint may claim them until that one is through too.
        long deliveredUpTo = deliveredUpTo(now);
        for (TimerEntry entry : delivered) {
            if (entry.deliverAt() > deliveredUpTo) {
                uncoveredSince = Math.min(uncoveredSince, now);
                uncoveredThrough = Math.max(uncoveredThrough, entry.deliverAt());
            }
        }
        progressed = true;
    }

    /** Appends a held message to its real queue; a message that is gone or names no queue is dropped. */
    private CompletableFuture<PutResult> deliver(TimerEntry entry) {
        Optional<StoredMessage> found = heldMessage(entry);
        Optional<RealQueue> queue = found.flatMap(RealQueue::of);
        if (queue.isEmpty()) {
            if (found.isPresent()) {
                log.warn("held timer message at offset {} names no real topic and queue; dropped", entry.queueOffset());
            }
            return CompletableFuture.completedFuture(null);
        }
        try {
            return store.put(found.get().toRecord().toBuilder()
                    .topic(queue.get().topic())
                    .queueId(queue.get().queueId())
                    .build());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The held message an entry points at; empty (logged) when it is gone or is not that message. */
    private Optional<StoredMessage> heldMessage(TimerEntry entry) {
        try {
            Optional<StoredMessage> held = store.lookup(entry.commitLogOffset())
                    .map(bytes -> StoredMessageCodec.decode(ByteBuffer.wrap(bytes)))
                    .filter(message -> TopicNames.TIMER_TOPIC.equals(message.topic())
                            && message.queueOffset() == entry.queueOffset());
            if (held.isEmpty()) {
                log.error("held timer message {} is no longer stored at commit-log offset {}; dropped",
                        entry.queueOffset(), entry.commitLogOffset());
            }
            return held;
        } catch (IllegalArgumentException corrupt) {
            log.error("held timer message {} cannot be decoded; dropped", entry.queueOffset(), corrupt);
            return Optional.empty();
        }
    }

    private static boolean completed(CompletableFuture<PutResult> put, TimerEntry entry) {
        try {
            put.get();
            return true;
        } catch (ExecutionException e) {
            log.warn("held timer message {} could not be delivered; retrying in {} ms", entry.queueOffset(),
                    RETRY_MILLIS, e.getCause());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The latest due time up to which every filed entry was delivered: now, or just before the first waiting. */
    private long deliveredUpTo(long now) {
        return due.isEmpty() ? now : Math.min(now, due.peek().deliverAt() - 1);
    }

    /** Forces the bucket files, records the progress, and deletes the buckets it shows delivered. */
    private void checkpoint(long now) {
        buckets.sync();
        long deliveredUpTo = deliveredUpTo(now);
        if (deliveredUpTo >= uncoveredThrough) {
            uncoveredSince = Long.MAX_VALUE;
            uncoveredThrough = Long.MIN_VALUE;
        }
        TimerCheckpoint checkpoint = new TimerCheckpoint(indexedUpTo, deliveredUpTo, Math.min(now, uncoveredSince));
        checkpoint.write(checkpointFile);
        // A bucket ending at or before deliveredUpTo was read into memory and emptied of due entries.
        buckets.deleteThrough(buckets.bucketOf(deliveredUpTo + 1) - 1);
        progressed = false;
        nextCheckpointAt = now + CHECKPOINT_MILLIS;
    }

    private void scheduleNextTick() {
        if (!running) {
            return;
        }
        long next = buckets.startOf(loadedThrough + 1) - BUCKET_MILLIS;
        if (!due.isEmpty()) {
            next = Math.min(next, Math.max(due.peek().deliverAt(), retryAfter));
        }
        if (progressed) {
            next = Math.min(next, nextCheckpointAt);
        }
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        try {
            nextTick = thread.schedule(this::tick, Math.max(0, next - clock.millis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("the timer is stopping");
        }
    }
}
