package dev.wharf.broker;

import static dev.wharf.broker.TransactionRequests.COMMIT;
import static dev.wharf.broker.TransactionRequests.ROLLBACK;
import static dev.wharf.broker.TransactionRequests.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.transaction.TransactionConfig.Resolution;
import dev.wharf.broker.transaction.TransactionConfig;
import dev.wharf.message.MessageIds;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Half messages, END_TRANSACTION and check-backs through the processor table, across restarts. */
class TransactionTest extends BrokerTestBase {

    static final String TOPIC = "payments";
    static final String GROUP = "payments-tx";

    @Override
    BrokerHarness startHarness(Path dataDir) {
        // Check rounds every 250 ms of halves at least 200 ms old, 3 checks, then deliver: a test that answers
        // a check has two rounds (half a second) to do so before the policy resolves the half on its own.
        return BrokerHarness.start(dataDir, config -> config.withTransactions(new TransactionConfig(
                Duration.ofMillis(250), Duration.ofMillis(200), 3, TransactionConfig.Resolution.COMMIT)));
    }

    @BeforeEach
    void createTopic() {
        broker.broker().topics().create(TOPIC, 1, TopicMessageType.TRANSACTION);
    }

    @Test
    void theSendAnswerNamesTheHalfAndTheMessageStaysInvisibleUntilCommitted() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-1"));

        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(sent.extField("transactionId")).isEqualTo("UNIQ-pay-1");
        assertThat(sent.extField("queueId")).isEqualTo("0");
        assertThat(sent.extField("queueOffset")).isEqualTo("0");
        assertThat(pulled()).isEmpty();

        assertThat(broker.call(TransactionRequests.end(sent, GROUP, COMMIT)).code()).isEqualTo(ResponseCode.SUCCESS);

        List<StoredMessage> delivered = pulled();
        assertThat(delivered).singleElement().satisfies(message -> {
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("pay-1");
            assertThat(message.topic()).isEqualTo(TOPIC);
            assertThat(message.messageId()).isEqualTo("UNIQ-pay-1");
            assertThat(MessageSysFlag.transactionType(message.sysFlag())).isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
            assertThat(message.preparedTransactionOffset())
                    .isEqualTo(MessageIds.decode(sent.extField("msgId")).commitLogOffset());
            assertThat(message.properties()).doesNotContainKeys(MessageProperties.REAL_TOPIC, MessageProperties.REAL_QUEUE_ID);
        });
    }

    @Test
    void aReplayedCommitDeliversNothingMore() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-2"));
        broker.call(TransactionRequests.end(sent, GROUP, COMMIT));

        RemotingCommand again = broker.call(TransactionRequests.end(sent, GROUP, COMMIT));

        assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(pulled()).hasSize(1);
    }

    @Test
    void aRollbackDropsTheMessageAndALaterCommitIsRefused() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-3"));

        assertThat(broker.call(TransactionRequests.end(sent, GROUP, ROLLBACK)).code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand commit = broker.call(TransactionRequests.end(sent, GROUP, COMMIT));

        assertThat(commit.code()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
        assertThat(commit.remark()).contains("already resolved with ROLLBACK");
        assertThat(pulled()).isEmpty();
    }

    @Test
    void endTransactionIsRefusedForAnotherGroupOrWrongOffsets() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-4"));
        long queueOffset = Long.parseLong(sent.extField("queueOffset"));
        long commitLogOffset = MessageIds.decode(sent.extField("msgId")).commitLogOffset();

        RemotingCommand wrongGroup = broker.call(TransactionRequests.end(sent, "someone-else", COMMIT));
        RemotingCommand wrongQueueOffset = broker.call(
                TransactionRequests.end(GROUP, queueOffset + 5, commitLogOffset, COMMIT, false, "x"));
        RemotingCommand wrongCommitLogOffset = broker.call(
                TransactionRequests.end(GROUP, queueOffset, commitLogOffset + 3, COMMIT, false, "x"));

        assertThat(wrongGroup.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(wrongGroup.remark()).contains("producer group wrong", GROUP, "someone-else");
        assertThat(wrongQueueOffset.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(wrongQueueOffset.remark()).contains("transaction state table offset wrong");
        assertThat(wrongCommitLogOffset.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(wrongCommitLogOffset.remark()).contains("commit log offset " + (commitLogOffset + 3));
        assertThat(pulled()).isEmpty();
    }

    @Test
    void endTransactionOnAnOrdinaryMessageIsAnIllegalOperation() {
        broker.broker().topics().create("plain", 1, TopicMessageType.NORMAL);
        RemotingCommand sent = broker.call(Requests.sendV2("plain", 0, "ordinary", "TagA"));

        RemotingCommand end = broker.call(TransactionRequests.end(sent, GROUP, COMMIT));

        assertThat(end.code()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
        assertThat(end.remark()).contains("not a half message", "plain");
    }

    @Test
    void halfMessagesCannotBeBatched() {
        RemotingCommand batch = Requests.sendBatch(TOPIC, 0, List.of("a", "b"), "TagA").toBuilder()
                .extField("f", TransactionRequests.PREPARED)
                .build();

        RemotingCommand sent = broker.call(batch);

        assertThat(sent.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(sent.remark()).contains("transactional messages cannot be batched");
    }

    @Test
    void anUnknownOutcomeIsCheckedBackWithTheHalfAndTheProducersAnswerResolvesIt() {
        TestConnection producer = new TestConnection();
        broker.call(producer, TransactionRequests.producerHeartbeat("10.0.0.7@1", List.of(GROUP)));
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-5"));
        broker.call(TransactionRequests.end(sent, GROUP, UNKNOWN));

        RemotingCommand check = awaitCheck(producer);

        assertThat(check.isOneway()).isTrue();
        assertThat(check.extFields()).containsEntry("topic", TOPIC)
                .containsEntry("tranStateTableOffset", sent.extField("queueOffset"))
                .containsEntry("commitLogOffset",
                        Long.toString(MessageIds.decode(sent.extField("msgId")).commitLogOffset()))
                .containsEntry("offsetMsgId", sent.extField("msgId"))
                .containsEntry("msgId", "UNIQ-pay-5")
                .containsEntry("transactionId", "UNIQ-pay-5")
                .containsEntry("bname", "broker-a");
        StoredMessage half = StoredMessageCodec.decode(ByteBuffer.wrap(check.body()));
        assertThat(half.topic()).isEqualTo(TOPIC);
        assertThat(half.queueId()).isZero();
        assertThat(half.offsetMessageId()).isEqualTo(sent.extField("msgId"));
        assertThat(new String(half.body(), StandardCharsets.UTF_8)).isEqualTo("pay-5");
        assertThat(pulled()).isEmpty();

        broker.call(producer, TransactionRequests.answerCheck(check, GROUP, COMMIT));

        assertThat(pulled()).extracting(StoredMessage::messageId).containsExactly("UNIQ-pay-5");
    }

    @Test
    void afterMaxChecksTheConfiguredPolicyDeliversAndNoFurtherCheckIsSent() {
        TestConnection producer = new TestConnection();
        broker.call(producer, TransactionRequests.producerHeartbeat("10.0.0.7@1", List.of(GROUP)));
        broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-6"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !pulled().isEmpty());

        assertThat(pulled()).extracting(StoredMessage::messageId).containsExactly("UNIQ-pay-6");
        assertThat(checks(producer)).hasSize(3);
    }

    @Test
    void withTheRollbackPolicyAHalfGivenUpOnIsDroppedButCanBeInspected(@TempDir Path otherDir) {
        try (BrokerHarness rollingBack = BrokerHarness.start(otherDir, config -> config.withTransactions(
                new TransactionConfig(Duration.ofMillis(50), Duration.ofMillis(200), 2, Resolution.ROLLBACK)))) {
            rollingBack.broker().topics().create(TOPIC, 1, TopicMessageType.TRANSACTION);
            TestConnection producer = new TestConnection();
            rollingBack.call(producer, TransactionRequests.producerHeartbeat("10.0.0.7@1", List.of(GROUP)));
            rollingBack.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-given-up"));

            RemotingCommand archived = await().atMost(Duration.ofSeconds(10)).until(
                    () -> rollingBack.call(Requests.pull("auditors", TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0, 0, "*")),
                    pull -> pull.code() == ResponseCode.SUCCESS);

            assertThat(StoredMessageCodec.decodeAll(archived.body())).extracting(StoredMessage::messageId)
                    .containsExactly("UNIQ-pay-given-up");
            assertThat(checks(producer)).hasSize(2);
            RemotingCommand delivered = rollingBack.call(Requests.pull("consumers", TOPIC, 0, 0, "*"));
            assertThat(delivered.code()).isNotEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void aProducerThatUnregisteredIsNotChecked() {
        TestConnection gone = new TestConnection();
        TestConnection online = new TestConnection();
        broker.call(gone, TransactionRequests.producerHeartbeat("10.0.0.7@1", List.of(GROUP)));
        broker.call(gone, TransactionRequests.unregisterProducer("10.0.0.7@1", GROUP));
        broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-7"));
        broker.call(online, TransactionRequests.producerHeartbeat("10.0.0.8@1", List.of(GROUP)));

        awaitCheck(online);

        assertThat(checks(gone)).isEmpty();
    }

    @Test
    void anUnresolvedHalfSurvivesARestartAndIsStillChecked() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-8"));

        broker.restart();
        TestConnection producer = new TestConnection();
        broker.call(producer, TransactionRequests.producerHeartbeat("10.0.0.7@1", List.of(GROUP)));
        RemotingCommand check = awaitCheck(producer);

        assertThat(check.extField("tranStateTableOffset")).isEqualTo(sent.extField("queueOffset"));
        assertThat(pulled()).isEmpty();
        broker.call(producer, TransactionRequests.answerCheck(check, GROUP, ROLLBACK));
        // Refused, or ignored once the check rounds moved past the finished half: never delivered.
        broker.call(TransactionRequests.end(sent, GROUP, COMMIT));
        assertThat(pulled()).isEmpty();
    }

    @Test
    void aCommitSurvivesARestartOnceAndAReplayAfterItDeliversNothingMore() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-9"));
        broker.call(TransactionRequests.end(sent, GROUP, COMMIT));

        broker.restart();
        TestConnection producer = new TestConnection();
        broker.call(producer, TransactionRequests.producerHeartbeat("10.0.0.7@1", List.of(GROUP)));
        RemotingCommand replay = broker.call(TransactionRequests.end(sent, GROUP, COMMIT));

        assertThat(replay.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(pulled()).extracting(StoredMessage::messageId).containsExactly("UNIQ-pay-9");
        // A later half is checked, so check rounds ran past the committed one without asking about it.
        broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-10"));
        assertThat(awaitCheck(producer).extField("msgId")).isEqualTo("UNIQ-pay-10");
        assertThat(checks(producer)).extracting(check -> check.extField("msgId")).doesNotContain("UNIQ-pay-9");
    }

    @Test
    void aRollbackSurvivesARestart() {
        RemotingCommand sent = broker.call(TransactionRequests.sendHalf(TOPIC, GROUP, "pay-11"));
        broker.call(TransactionRequests.end(sent, GROUP, ROLLBACK));

        broker.restart();

        RemotingCommand commit = broker.call(TransactionRequests.end(sent, GROUP, COMMIT));
        assertThat(commit.code()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
        assertThat(pulled()).isEmpty();
    }

    private List<StoredMessage> pulled() {
        RemotingCommand pull = broker.call(Requests.pull("consumers", TOPIC, 0, 0, "*"));
        return pull.code() == ResponseCode.SUCCESS ? StoredMessageCodec.decodeAll(pull.body()) : List.of();
    }

    private static List<RemotingCommand> checks(TestConnection producer) {
        return producer.pushed().stream()
                .filter(command -> command.code() == RequestCode.CHECK_TRANSACTION_STATE)
                .toList();
    }

    private static RemotingCommand awaitCheck(TestConnection producer) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !checks(producer).isEmpty());
        return checks(producer).get(checks(producer).size() - 1);
    }
}
