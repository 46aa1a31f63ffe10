package dev.wharf.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.client.ProducerRegistry;
import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.schedule.DelayLevels;
import dev.wharf.broker.schedule.ScheduleMessageService;
import dev.wharf.broker.stats.BrokerStats;
import dev.wharf.broker.timer.TimerConfig;
import dev.wharf.broker.timer.TimerMessageService;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.broker.transaction.OpLog.Op;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.store.FlushPolicy;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.store.StoreConfig;
import dev.wharf.transport.spi.TestConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction service over a real store, restarted by hand: commits interrupted between their ops,
 * check rounds run one at a time, and the progress kept across restarts.
 */
class TransactionRecoveryTest {

    private static final String TOPIC = "payments";
    private static final String GROUP = "payments-tx";
    private static final TransactionConfig ONE_CHECK_THEN_ROLLBACK =
            new TransactionConfig(Duration.ofHours(1), Duration.ZERO, 1, TransactionConfig.Resolution.ROLLBACK);

    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private MessageStore store;
    private TransactionService transactions;
    private MessageWriter writer;

    @BeforeEach
    void open() {
        start();
    }

    @AfterEach
    void close() {
        store.close();
        timer.shutdownNow();
    }

    @Test
    void aCommitInterruptedAfterItsIntentIsDeliveredOnRestart() {
        StoredMessage half = prepare("pay-1");
        new OpLog(store).append(Op.Kind.COMMITTING, half.queueOffset()).join();

        restart();

        assertThat(delivered()).extracting(StoredMessage::messageId).containsExactly("UNIQ-pay-1");
        assertThat(transactions.ledger().resolution(half.queueOffset()))
                .hasValueSatisfying(resolution -> assertThat(resolution.stage()).isEqualTo(TransactionLedger.Stage.DONE));
    }

    @Test
    void aCommitInterruptedAfterItsDeliveryIsNotDeliveredTwice() {
        StoredMessage half = prepare("pay-2");
        new OpLog(store).append(Op.Kind.COMMITTING, half.queueOffset()).join();
        writer.write(HalfMessages.committed(half)).join();

        restart();
        restart();

        assertThat(delivered()).extracting(StoredMessage::messageId).containsExactly("UNIQ-pay-2");
    }

    @Test
    void aHalfIsNotCountedAsCheckedWhileNoProducerIsOnline() {
        StoredMessage half = prepare("pay-3");
        ProducerRegistry producers = new ProducerRegistry(Clock.systemUTC(), Duration.ofMinutes(2));
        TransactionCheckService checks = checks(producers);

        checks.checkRound();
        checks.checkRound();

        assertThat(transactions.ledger().checks(half.queueOffset())).isZero();
        assertThat(transactions.ledger().resolution(half.queueOffset())).isEmpty();

        TestConnection producer = new TestConnection();
        producers.register(GROUP, producer, "10.0.0.7@1");
        checks.checkRound();

        assertThat(producer.pushed()).hasSize(1);
        assertThat(transactions.ledger().checks(half.queueOffset())).isEqualTo(1);
    }

    @Test
    void pastMaxChecksARollbackKeepsACopyInTheCheckMaxTopicAndDeliversNothing() {
        StoredMessage half = prepare("pay-4");
        ProducerRegistry producers = new ProducerRegistry(Clock.systemUTC(), Duration.ofMinutes(2));
        TestConnection producer = new TestConnection();
        producers.register(GROUP, producer, "10.0.0.7@1");
        TransactionCheckService checks = checks(producers);

        checks.checkRound();
        checks.checkRound();

        assertThat(transactions.ledger().resolution(half.queueOffset())).hasValueSatisfying(resolution ->
                assertThat(resolution.outcome()).isEqualTo(TransactionLedger.Outcome.ROLLBACK));
        checks.checkRound();
        assertThat(producer.pushed()).hasSize(1);
        assertThat(read(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0)).extracting(StoredMessage::messageId)
                .containsExactly("UNIQ-pay-4");
        assertThat(delivered()).isEmpty();
    }

    @Test
    void checkCountsAndTheProgressPastFinishedHalvesSurviveARestart() {
        StoredMessage first = prepare("pay-5");
        StoredMessage second = prepare("pay-6");
        StoredMessage third = prepare("pay-7");
        ProducerRegistry producers = new ProducerRegistry(Clock.systemUTC(), Duration.ofMinutes(2));
        producers.register(GROUP, new TestConnection(), "10.0.0.7@1");
        transactions.end(endOf(first, 8)).join();
        transactions.end(endOf(second, 12)).join();
        checks(producers).checkRound();

        restart();

        assertThat(transactions.ledger().halfProgress()).isEqualTo(third.queueOffset());
        assertThat(transactions.ledger().checks(third.queueOffset())).isEqualTo(1);
        assertThat(delivered()).extracting(StoredMessage::messageId).containsExactly("UNIQ-pay-5");
    }

    private TransactionCheckService checks(ProducerRegistry producers) {
        return new TransactionCheckService(transactions, store, producers, ONE_CHECK_THEN_ROLLBACK, "broker-a",
                Clock.systemUTC());
    }

    private static EndTransactionRequest endOf(StoredMessage half, int outcome) {
        return new EndTransactionRequest(GROUP, half.queueOffset(), half.commitLogOffset(), outcome, false,
                half.messageId());
    }

    private StoredMessage prepare(String body) {
        MessageRecord message = MessageRecord.builder(TOPIC, 0)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "UNIQ-" + body)
                .property(MessageProperties.TRANSACTION_PREPARED, "true")
                .property(MessageProperties.PRODUCER_GROUP, GROUP)
                .build();
        PutResult put = transactions.prepare(message).join();
        return store.lookupMessage(put.commitLogOffset()).orElseThrow();
    }

    private List<StoredMessage> delivered() {
        return read(TOPIC, 0);
    }

    private List<StoredMessage> read(String topic, int queueId) {
        GetResult got = store.get(topic, queueId, 0, 32, MessageFilter.ALL);
        return got.status() == GetResult.GetStatus.FOUND ? StoredMessageCodec.decodeAll(got.records()) : List.of();
    }

    private void start() {
        store = MessageStore.open(new StoreConfig(dir, 1 << 20, 1024, FlushPolicy.ASYNC, Duration.ofMillis(100),
                new InetSocketAddress("127.0.0.1", 10911)));
        Clock clock = Clock.systemUTC();
        ScheduleMessageService schedule = new ScheduleMessageService(store, new DelayLevels(List.of()),
                new MetadataFile(dir.resolve("delayOffsets.json")), timer, clock);
        // Never started: these messages carry no delivery time, so the timer only routes them through.
        TimerMessageService timers = new TimerMessageService(store, TimerConfig.defaults(), dir.resolve("timer"),
                new MetadataFile(dir.resolve("timerCheckpoint.json")), clock);
        writer = new MessageWriter(store, new TopicRegistry(new MetadataFile(dir.resolve("topics.json")), clock),
                schedule, timers, new BrokerStats(clock));
        TransactionLedger ledger = new TransactionLedger(new MetadataFile(dir.resolve("transactions.json")));
        ledger.load();
        transactions = new TransactionService(store, writer, ledger, 0);
        transactions.recover();
    }

    /** A restart as after a crash: nothing of the transaction service is written on the way down. */
    private void restart() {
        store.close();
        start();
    }
}
