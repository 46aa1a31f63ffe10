package dev.wharf.broker.pop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.group.SubscriptionGroupRegistry;
import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.broker.pop.PopOffsets.QueueKey;
import dev.wharf.broker.processor.QueueAccess;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.ExecutorRegistry;
import dev.wharf.transport.spi.RequestProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP consumption, wired: checkpoints in the revive log, pop offsets, FIFO batches, long polling, the
 * revive service on a thread of its own, and the processors of POP_MESSAGE, ACK_MESSAGE,
 * BATCH_ACK_MESSAGE, CHANGE_MESSAGE_INVISIBLETIME, QUERY_ASSIGNMENT and SET_MESSAGE_REQUEST_MODE.
 *
 * <p>Crash safety: a pop appends its checkpoint to the store before it answers, and moves the pop offset
 * in memory. {@link #checkpoint()} (every offset flush) commits pop offsets and the revive-log replay start
 * of the <em>previous</em> call, so what it commits is at least one flush period old and every checkpoint
 * it relies on has reached the disk; start-up replays the revive log from there, rebuilding open
 * checkpoints and moving pop offsets past every batch they record. Nothing acknowledged before a crash is
 * delivered again unless its ack had not reached the disk, and nothing in flight is forgotten.
 *
 * <pre>{@code
 * PopConsumption pop = new PopConsumption(config, "broker-a", "DefaultCluster", store, ..., UnaryOperator.identity());
 * pop.open(timer, popExecutor);
 * register(popExecutor, pop.popProcessor(), RequestCode.POP_MESSAGE);
 * }</pre>
 */
public final class PopConsumption {

    private static final Logger log = LoggerFactory.getLogger(PopConsumption.class);

    /** What one {@link #checkpoint()} captured and the next one commits. */
    private record Snapshot(Map<QueueKey, Long> popOffsets, long replayStart) {}

    private final PopConfig config;
    private final String brokerName;
    private final MessageStore store;
    private final TopicRegistry topics;
    private final SubscriptionGroupRegistry groups;
    private final ConsumerRegistry consumers;
    private final QueueAccess access;
    private final MessageWriter writer;
    private final Clock clock;
    private final MetadataFile progressFile;
    private final ReviveLog reviveLog;
    private final CheckpointStore checkpoints;
    private final PopOffsets popOffsets;
    private final OrderTable orders;
    private final MessageRequestModeTable modes;
    private final PopQueueLocks locks = new PopQueueLocks();
    private final OriginalMessageReader reader;
    private ScheduledThreadPoolExecutor reviveThread;
    private PopLongPolling polling;
    private Snapshot pending;
    private boolean closed;
    private RequestProcessor popProcessor;
    private RequestProcessor ackProcessor;
    private RequestProcessor changeInvisibleTimeProcessor;
    private RequestProcessor assignmentProcessor;

    /**
     * @param readerDecorator wraps the store reader the revive service reads originals with (identity in
     *     production; tests inject failures)
     */
    public PopConsumption(PopConfig config, String brokerName, String clusterName, MessageStore store,
            TopicRegistry topics, SubscriptionGroupRegistry groups, ConsumerOffsetManager offsets,
            ConsumerRegistry consumers, QueueAccess access, MessageWriter writer, Path metadataDir, Clock clock,
            UnaryOperator<OriginalMessageReader> readerDecorator) {
        this.config = config;
        this.brokerName = brokerName;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.access = access;
        this.writer = writer;
        this.clock = clock;
        this.progressFile = new MetadataFile(metadataDir.resolve("popRevive.json"));
        this.reviveLog = new ReviveLog(store, reviveTopic(clusterName));
        this.checkpoints = new CheckpointStore(reviveLog);
        this.popOffsets = new PopOffsets(offsets, store);
        this.orders = new OrderTable(new MetadataFile(metadataDir.resolve("popOrderInfo.json")));
        this.modes = new MessageRequestModeTable(new MetadataFile(metadataDir.resolve("messageRequestMode.json")));
        this.reader = readerDecorator.apply(new StoreOriginalMessageReader(store, topics));
    }

    /** The broker's revive topic, {@code rmq_sys_REVIVE_LOG_<cluster>}. */
    public static String reviveTopic(String clusterName) {
        return TopicNames.SYSTEM_PREFIX + "REVIVE_LOG_" + clusterName;
    }

    /**
     * Loads the FIFO batches and request modes, replays the revive log, and starts long polling and the
     * revive service; pops run on {@code popExecutor}, poll timeouts on {@code timer}.
     */
    public synchronized void open(ScheduledExecutorService timer, Executor popExecutor) {
        orders.load();
        modes.load();
        topics.ensure(reviveLog.topic(), 1, TopicMessageType.NORMAL);
        long replayStart = progressFile.read()
                .map(content -> Json.readFile(content, progressFile.path().toString()).path("reviveOffset").asLong(0))
                .orElse(0L);
        checkpoints.recover(replayStart, (key, lastOffset) ->
                popOffsets.atLeast(key.topic(), key.group(), key.queueId(), lastOffset));
        log.info("POP: {} checkpoint(s) in flight after replaying {} from offset {}", checkpoints.openCount(),
                reviveLog.topic(), replayStart);
        topics.addDeletionListener(popOffsets::removeTopic);
        topics.addDeletionListener(orders::removeTopic);

        polling = new PopLongPolling(timer, popExecutor);
        store.addArrivalListener(polling);
        PopRetryWriter retries = new PopRetryWriter(writer, topics);
        NormalPop normal = new NormalPop(store, popOffsets, checkpoints, locks, brokerName);
        FifoPop fifo = new FifoPop(store, popOffsets.committed(), orders, locks, retries);
        AckTarget target = new AckTarget(topics, store);
        popProcessor = new PopMessageProcessor(store, topics, access, normal, fifo, polling,
                new PopResponse(brokerName, clock), clock);
        ackProcessor = new AckMessageProcessor(access, target, checkpoints, fifo, polling, brokerName);
        changeInvisibleTimeProcessor = new ChangeInvisibleTimeProcessor(access, target, checkpoints, fifo, brokerName,
                clock);
        assignmentProcessor = new QueryAssignmentProcessor(topics, groups, consumers, modes, brokerName);

        reviveThread = new ScheduledThreadPoolExecutor(1, ExecutorRegistry.namedDaemonThreads("wharf-pop-revive"));
        new PopReviveService(config, checkpoints, reader, retries, groups, clock).start(reviveThread);
    }

    /** POP_MESSAGE. */
    public RequestProcessor popProcessor() {
        return popProcessor;
    }

    /** ACK_MESSAGE and BATCH_ACK_MESSAGE. */
    public RequestProcessor ackProcessor() {
        return ackProcessor;
    }

    /** CHANGE_MESSAGE_INVISIBLETIME. */
    public RequestProcessor changeInvisibleTimeProcessor() {
        return changeInvisibleTimeProcessor;
    }

    /** QUERY_ASSIGNMENT and SET_MESSAGE_REQUEST_MODE. */
    public RequestProcessor assignmentProcessor() {
        return assignmentProcessor;
    }

    /** Pops parked waiting for messages, for metrics; 0 before {@link #open}. */
    public int heldPops() {
        PopLongPolling parked = polling;
        return parked == null ? 0 : parked.heldCount();
    }

    /** Checkpoints in flight, for metrics and tests. */
    public int inflightCheckpoints() {
        return checkpoints.openCount();
    }

    /**
     * Commits pop offsets and the replay start captured by the previous call (see the class comment), and
     * writes changed FIFO batches. Called before the consumer offsets are written.
     */
    public synchronized void checkpoint() {
        if (closed || polling == null) {
            return;
        }
        Snapshot now = new Snapshot(popOffsets.snapshot(), checkpoints.replayStart());
        Snapshot due = pending;
        pending = now;
        if (due != null) {
            commit(due);
        }
        orders.flush();
    }

    /**
     * Stops the revive service, answers parked pops and commits the current state: the store flushes
     * everything when it closes right after.
     */
    public synchronized void close() {
        if (closed || polling == null) {
            closed = true;
            return;
        }
        closed = true;
        polling.releaseAll();
        reviveThread.shutdownNow();
        try {
            if (!reviveThread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the POP revive thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commit(new Snapshot(popOffsets.snapshot(), checkpoints.replayStart()));
        orders.flush();
    }

    private void commit(Snapshot snapshot) {
        popOffsets.commit(snapshot.popOffsets());
        ObjectNode progress = Json.mapper().createObjectNode().put("reviveOffset", snapshot.replayStart());
        progressFile.write(Json.write(progress));
    }
}
