package dev.wharf.broker;

import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.client.ProducerRegistry;
import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.group.SubscriptionGroupRegistry;
import dev.wharf.broker.kv.KvConfigTable;
import dev.wharf.broker.lock.QueueLockManager;
import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.broker.pop.OriginalMessageReader;
import dev.wharf.broker.pop.PopConsumption;
import dev.wharf.broker.processor.BrokerAddress;
import dev.wharf.broker.processor.BrokerInfoProcessor;
import dev.wharf.broker.processor.CheckClientConfigProcessor;
import dev.wharf.broker.processor.EndTransactionProcessor;
import dev.wharf.broker.processor.ClientManageProcessor;
import dev.wharf.broker.processor.ConsumerInfoProcessor;
import dev.wharf.broker.processor.ConsumerOffsetProcessor;
import dev.wharf.broker.processor.GroupAdminProcessor;
import dev.wharf.broker.processor.KvConfigProcessor;
import dev.wharf.broker.processor.PullMessageProcessor;
import dev.wharf.broker.processor.PullRequestHoldService;
import dev.wharf.broker.processor.QueueAccess;
import dev.wharf.broker.processor.QueueLockProcessor;
import dev.wharf.broker.processor.QueueOffsetProcessor;
import dev.wharf.broker.processor.SendBackProcessor;
import dev.wharf.broker.processor.SendMessageProcessor;
import dev.wharf.broker.processor.StatsProcessor;
import dev.wharf.broker.processor.TopicAdminProcessor;
import dev.wharf.broker.processor.TopicRouteProcessor;
import dev.wharf.broker.processor.ViewMessageProcessor;
import dev.wharf.broker.schedule.DelayLevels;
import dev.wharf.broker.schedule.ScheduleMessageService;
import dev.wharf.broker.stats.BrokerStats;
import dev.wharf.broker.timer.TimerMessageService;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.broker.transaction.TransactionCheckService;
import dev.wharf.broker.transaction.TransactionLedger;
import dev.wharf.broker.transaction.TransactionService;
import dev.wharf.store.FlushPolicy;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.ExecutorRegistry;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.TransportContext;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker core: storage and messaging semantics behind one {@link ProcessorTable} that serves Apache
 * RocketMQ's Remoting clients (4.9.x and 5.x) — routes, heartbeats, send, pull with long polling, offsets,
 * send-back with delay levels and dead-letter queues, arbitrary delivery times, orderly locks, POP
 * consumption (pop, ack, change-invisible-time, revive, FIFO pops, server-side assignment), transactional
 * messages with check-backs, and the admin codes {@code mqadmin}
 * sends, the NameServer's key-value configuration among them. In Local mode the gateway hands commands to
 * {@link #processors()} in-process; the same table serves a standalone broker.
 *
 * <pre>{@code
 * try (Broker broker = new Broker(BrokerConfig.defaults(Path.of("data")), context)) {
 *     broker.start();
 *     broker.topics().create("orders", 8, TopicMessageType.FIFO);
 *     context.localEndpoints().bind("broker", broker.processors());
 *     ...
 * }
 * }</pre>
 *
 * <p>Processors run on five bounded pools from {@code context.executors()}, one per class of work:
 * {@code broker-send} (send, end-transaction), {@code broker-pull} (pull, pop), {@code broker-ack} (ack,
 * batch ack, change invisible time, send-back), {@code broker-client} (routes, heartbeats, offsets,
 * consumer lists, locks, assignments) and {@code broker-admin} (cluster info excepted: it is answered
 * where it arrives). One timer thread of its own runs the periodic work: offset flushes, consumer and
 * producer expiry, delayed delivery, transaction check-backs, long-poll timeouts, statistics; POP revive
 * has a thread of its own, and so do timer messages, so that their delivery is punctual.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final long CONSUMER_SCAN_MILLIS = 10_000;

    private enum State { NEW, STARTED, CLOSED }

    private final BrokerConfig config;
    private final TransportContext context;
    private final Clock clock;
    private final ProcessorTable processors = new ProcessorTable();
    private final TopicRegistry topics;
    private final SubscriptionGroupRegistry groups;
    private final ConsumerOffsetManager offsets;
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final QueueLockManager locks;
    private final BrokerStats stats;
    private final KvConfigTable kvConfig;
    private final UnaryOperator<OriginalMessageReader> reviveReaderDecorator;
    private State state = State.NEW;
    private MessageStore store;
    private ScheduledThreadPoolExecutor timer;
    private ScheduleMessageService schedule;
    private TimerMessageService timers;
    private TransactionService transactions;
    private volatile PullRequestHoldService holds;
    private PopConsumption pop;

    public Broker(BrokerConfig config, TransportContext context) {
        this(config, context, UnaryOperator.identity());
    }

    /**
     * A broker whose POP revive service reads originals through {@code reviveReaderDecorator} applied to
     * the store reader — a seam for tests that inject read failures, and for embedders that observe reads.
     */
    public Broker(BrokerConfig config, TransportContext context,
            UnaryOperator<OriginalMessageReader> reviveReaderDecorator) {
        this.config = config;
        this.reviveReaderDecorator = reviveReaderDecorator;
        this.context = context;
        this.clock = context.clock();
        this.topics = new TopicRegistry(metadataFile("topics.json"), clock);
        this.groups = new SubscriptionGroupRegistry(
                metadataFile("subscriptionGroups.json"), clock, config.maxReconsumeTimes());
        this.offsets = new ConsumerOffsetManager(metadataFile("consumerOffsets.json"));
        this.consumers = new ConsumerRegistry(clock, config.clientExpiry(), group -> groups.get(group)
                .map(SubscriptionGroupConfig::notifyConsumerIdsChangedEnable)
                .orElse(true));
        this.producers = new ProducerRegistry(clock, config.clientExpiry());
        this.locks = new QueueLockManager(clock, config.lockExpiry());
        this.stats = new BrokerStats(clock);
        this.kvConfig = new KvConfigTable(metadataFile("kvConfig.json"));
    }

    /**
     * Loads the metadata, opens (and recovers) the store, registers every processor and starts the
     * background work.
     *
     * @throws IllegalStateException when started twice or after {@link #close()}
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the broker was already " + state.name().toLowerCase(Locale.ROOT));
        }
        try {
            open();
        } catch (RuntimeException e) {
            // Nothing half-started may outlive a failed start: stop what was opened, in reverse.
            state = State.CLOSED;
            if (pop != null) {
                pop.close();
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            if (timers != null) {
                timers.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
        state = State.STARTED;
        log.info("broker {} of cluster {} started on {}", config.brokerName(), config.clusterName(),
                config.store().path());
    }

    private void open() {
        topics.load();
        groups.load();
        offsets.load();
        kvConfig.load();
        store = MessageStore.open(config.store());
        timer = new ScheduledThreadPoolExecutor(1, ExecutorRegistry.namedDaemonThreads("wharf-broker-timer"));
        timer.setRemoveOnCancelPolicy(true);
        if (config.autoCreateTopics()) {
            topics.ensure(TopicNames.AUTO_CREATE_TOPIC, config.defaultQueueNums(), TopicMessageType.NORMAL);
        }
        // As an Apache broker does (clusterTopicEnable, brokerTopicEnable): once registered with a NameServer, the
        // routes of these name the brokers of a cluster, or one broker, and tools create topics "on the cluster"
        // through them (mqadmin -c, the Apache Proxy's system topics).
        topics.ensure(config.clusterName(), 1, TopicMessageType.NORMAL);
        topics.ensure(config.brokerName(), 1, TopicMessageType.NORMAL);
        if (!config.delayLevels().isEmpty()) {
            topics.ensure(TopicNames.SCHEDULE_TOPIC, config.delayLevels().size(), TopicMessageType.DELAY);
        }
        topics.ensure(TopicNames.TIMER_TOPIC, 1, TopicMessageType.DELAY);
        // Half messages given up on are kept here; registered so an operator can pull and inspect them.
        topics.ensure(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 1, TopicMessageType.NORMAL);
        topics.addDeletionListener(store::deleteTopic);
        topics.addDeletionListener(offsets::removeTopic);
        schedule = new ScheduleMessageService(
                store, new DelayLevels(config.delayLevels()), metadataFile("delayOffsets.json"), timer, clock);
        schedule.load();
        timers = new TimerMessageService(store, config.timer(), config.store().path().resolve("timer"),
                metadataFile("timerCheckpoint.json"), clock);
        timers.start();
        store.addArrivalListener(timers);
        registerProcessors();
        schedule.start();
        every(config.offsetFlushInterval().toMillis(), "flush offsets", this::flushOffsets);
        every(CONSUMER_SCAN_MILLIS, "expire consumers", consumers::expire);
        every(CONSUMER_SCAN_MILLIS, "expire producers", producers::expire);
        TransactionCheckService checks = new TransactionCheckService(transactions, store, producers,
                config.transactions(), config.brokerName(), clock);
        every(config.transactions().checkInterval().toMillis(), "check back transactions", checks::checkRound);
        every(BrokerStats.SAMPLE_INTERVAL_MILLIS, "sample statistics", stats::sample);
    }

    /** The table of every processor; empty until {@link #start()}. */
    public ProcessorTable processors() {
        return processors;
    }

    /** The topics: create, list, get, delete. */
    public TopicRegistry topics() {
        return topics;
    }

    /** The consumer groups: create, list, delete. */
    public SubscriptionGroupRegistry groups() {
        return groups;
    }

    /** How many long-polling pulls are parked waiting for a message, for metrics; 0 before start. */
    public int heldPulls() {
        PullRequestHoldService parked = holds;
        return parked == null ? 0 : parked.heldCount();
    }

    /** The POP machinery, for metrics and tests; null before {@link #start()}. */
    public PopConsumption pop() {
        return pop;
    }

    /** Stops the background work, answers parked pulls, writes offsets and cursors, and closes the store. */
    @Override
    public synchronized void close() {
        if (state != State.STARTED) {
            state = State.CLOSED;
            return;
        }
        state = State.CLOSED;
        schedule.stop();
        timers.close();
        holds.releaseAll();
        try {
            pop.close();
        } catch (RuntimeException e) {
            log.error("the broker could not write its POP state on close", e);
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the broker's timer did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flushOffsets();
        } catch (RuntimeException e) {
            log.error("the broker could not write offsets and delay cursors on close", e);
        } finally {
            store.close();
        }
        log.info("broker {} closed", config.brokerName());
    }

    private void registerProcessors() {
        PoolSizes sizes = config.pools();
        ExecutorRegistry executors = context.executors();
        Executor send = executors.getOrCreate("broker-send", sizes.send(), sizes.queueCapacity());
        Executor pull = executors.getOrCreate("broker-pull", sizes.pull(), sizes.queueCapacity());
        Executor ack = executors.getOrCreate("broker-ack", sizes.ack(), sizes.queueCapacity());
        Executor client = executors.getOrCreate("broker-client", sizes.client(), sizes.queueCapacity());
        Executor admin = executors.getOrCreate("broker-admin", sizes.admin(), sizes.queueCapacity());

        QueueAccess access = new QueueAccess(topics, groups);
        BrokerAddress address = new BrokerAddress(config);
        MessageWriter writer = new MessageWriter(store, topics, schedule, timers, stats);
        TransactionLedger ledger = new TransactionLedger(metadataFile("transactions.json"));
        ledger.load();
        transactions = new TransactionService(store, writer, ledger, schedule.levelCount());
        transactions.recover();
        holds = new PullRequestHoldService(store, timer, pull);
        store.addArrivalListener(holds);

        RequestProcessor sender = new SendMessageProcessor(config, topics, access, locks, writer, transactions);
        register(appendExecutor(send), sender, RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE);
        // A Remoting consumer's "consume later" settles a delivery like an ack, so it waits with acks, not sends.
        register(ack, new SendBackProcessor(store, topics, access, writer), RequestCode.CONSUMER_SEND_MSG_BACK);
        register(send, new EndTransactionProcessor(transactions), RequestCode.END_TRANSACTION);
        register(pull, new PullMessageProcessor(store, access, consumers, offsets, holds, stats),
                RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE);

        pop = new PopConsumption(config.pop(), config.brokerName(), config.clusterName(), store, topics, groups,
                offsets, consumers, access, writer, config.metadataDir(), clock, reviveReaderDecorator);
        pop.open(timer, pull);
        register(pull, pop.popProcessor(), RequestCode.POP_MESSAGE);
        register(appendExecutor(ack), pop.ackProcessor(), RequestCode.ACK_MESSAGE, RequestCode.BATCH_ACK_MESSAGE);
        register(ack, pop.changeInvisibleTimeProcessor(), RequestCode.CHANGE_MESSAGE_INVISIBLETIME);
        register(client, pop.assignmentProcessor(), RequestCode.QUERY_ASSIGNMENT, RequestCode.SET_MESSAGE_REQUEST_MODE);

        register(client, new TopicRouteProcessor(config, topics, access, address, kvConfig),
                RequestCode.GET_ROUTEINFO_BY_TOPIC);
        register(client, new ClientManageProcessor(topics, access, consumers, producers, clock),
                RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT);
        register(client, new ConsumerOffsetProcessor(store, access, offsets),
                RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET);
        register(client, new QueueOffsetProcessor(store, access), RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.GET_EARLIEST_MSG_STORETIME);
        register(client, new ViewMessageProcessor(store), RequestCode.VIEW_MESSAGE_BY_ID);
        register(client, new QueueLockProcessor(locks), RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ);
        register(client, new CheckClientConfigProcessor(), RequestCode.CHECK_CLIENT_CONFIG);
        ConsumerInfoProcessor consumerInfo = new ConsumerInfoProcessor(consumers);
        register(client, consumerInfo, RequestCode.GET_CONSUMER_LIST_BY_GROUP);

        register(admin, consumerInfo, RequestCode.GET_CONSUMER_CONNECTION_LIST);
        register(admin, new TopicAdminProcessor(config, topics), RequestCode.UPDATE_AND_CREATE_TOPIC,
                RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.GET_ALL_TOPIC_CONFIG,
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
                RequestCode.GET_TOPIC_CONFIG);
        register(admin, new KvConfigProcessor(kvConfig), RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG,
                RequestCode.DELETE_KV_CONFIG, RequestCode.GET_KVLIST_BY_NAMESPACE);
        register(admin, new GroupAdminProcessor(config, groups, offsets), RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.DELETE_SUBSCRIPTIONGROUP, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
        // Gateways ask it on the consume path (a gRPC consumer's settings), so it runs with client requests.
        register(client, new GroupAdminProcessor(config, groups, offsets), RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG);
        BrokerInfoProcessor brokerInfo = new BrokerInfoProcessor(config, address, stats, executors, clock);
        // Built from configuration alone: answered where it arrives, it never waits behind admin work (topic
        // creation writes files) and a new admin client's first request skips two thread wake-ups.
        register(Runnable::run, brokerInfo, RequestCode.GET_BROKER_CLUSTER_INFO);
        register(admin, brokerInfo, RequestCode.GET_BROKER_RUNTIME_INFO);
        register(admin, new StatsProcessor(config, store, topics, offsets, consumers),
                RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_CONSUME_STATS, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO);
    }

    /**
     * Where requests run whose only work is an append: sends, and POP acks (an ack record in the revive
     * log). With async flush an append is a copy into a pre-faulted mapped segment, about a microsecond,
     * while handing the request to a pool and its answer back to the I/O thread costs two thread wake-ups,
     * measured at over ten times that (docs/PERFORMANCE.md); so they run on the thread that hands them over.
     * Sync flush answers only after the group commit, so they keep their pool.
     */
    private Executor appendExecutor(Executor pool) {
        return config.store().flushPolicy() == FlushPolicy.ASYNC ? Runnable::run : pool;
    }

    /** Registers a processor for codes; a oneway request's answer is dropped here, as the protocol wants. */
    private void register(Executor executor, RequestProcessor processor, int... codes) {
        RequestProcessor onewayAware = (ctx, request) -> request.isOneway()
                ? processor.process(ctx, request).thenApply(ignored -> null)
                : processor.process(ctx, request);
        for (int code : codes) {
            processors.registerProcessor(code, onewayAware, executor);
        }
    }

    private void every(long periodMillis, String what, Runnable task) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("the broker could not {}", what, e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void flushOffsets() {
        if (pop != null) {
            pop.checkpoint();
        }
        offsets.flush();
        schedule.flush();
        transactions.flush();
    }

    private MetadataFile metadataFile(String name) {
        return new MetadataFile(config.metadataDir().resolve(name));
    }
}
