package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.KillMidway;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.MessagingServer;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.Restarts;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code flush: sync}, a SIGKILL in the middle of a stream of transactions (half committed, half rolled
 * back, END_TRANSACTION being oneway and possibly not yet arrived) loses no commit and lets no rollback
 * through: after the restart the check-backs resolve what the kill left open, and every stored half whose
 * transaction committed is delivered exactly once while no rolled-back one ever is.
 */
class TransactionCrashSafetyTest {

    private static final int ACKNOWLEDGED_BEFORE_KILL = 60;
    private static final int MAX_SENDS = 2_000;

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aKillInTheMiddleOfTransactionsLosesNoCommitAndDeliversNoRollback(@TempDir Path workDir) throws Exception {
        Restarts restarts = Restarts.in(workDir, ServerSettings.defaults().withSyncFlush()
                .withTransactionChecks(Duration.ofMillis(500), Duration.ofSeconds(1)));
        String topic = Names.unique("TxCrash");
        String group = Names.unique("PID_txcrash");
        List<Sent> acknowledged = new CopyOnWriteArrayList<>();

        try (MessagingServer victim = restarts.launch("TxCrashBeforeKill")) {
            Topics.create(victim, topic, ServerSettings.QUEUES, "TRANSACTION");
            TransactionMQProducer producer = clients.startedTransactionProducer(victim.nameServerAddress(), group,
                    TransactionalProducerTest.decidingByBody());
            producer.setRetryTimesWhenSendFailed(0);
            KillMidway.kill(victim, "transaction", MAX_SENDS,
                    sequence -> sendTransaction(producer, topic, sequence, acknowledged),
                    ACKNOWLEDGED_BEFORE_KILL + " acknowledged transactions",
                    () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
            producer.shutdown();
        }

        try (MessagingServer restarted = restarts.launch("TxCrashAfterRestart")) {
            // The producer group comes back online and resumes work, so halves the kill left open are checked
            // back. It must send: a 5.x producer heartbeats only the brokers its publish routes name, and a
            // fresh one has none until its first send (Apache RocketMQ checks such halves no sooner).
            TransactionMQProducer resumed = clients.startedTransactionProducer(restarted.nameServerAddress(), group,
                    TransactionalProducerTest.decidingByBody());
            sendTransaction(resumed, topic, MAX_SENDS + 1, acknowledged);
            List<String> committed = acknowledged.stream().filter(Sent::commits).map(Sent::msgId).toList();
            List<Delivery> stored = readUntil(restarted, topic, committed);

            assertThat(stored).as("no rolled-back transaction is delivered")
                    .allSatisfy(delivery -> assertThat(delivery.payload().body()).contains("commit-"));
            assertThat(stored.stream().collect(Collectors.groupingBy(Delivery::msgId, Collectors.counting())))
                    .as("every committed transaction once")
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
        }
    }

    /** Sends transaction #{@code sequence}: even ones commit, odd ones roll back; records it if acknowledged. */
    private static void sendTransaction(TransactionMQProducer producer, String topic, int sequence,
            List<Sent> acknowledged) throws Exception {
        boolean commits = sequence % 2 == 0;
        String name = (commits ? "commit-" : "rollback-") + sequence;
        TransactionSendResult result =
                producer.sendMessageInTransaction(Payload.named("TagA", name).toMessage(topic), null);
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            acknowledged.add(new Sent(result.getMsgId(), commits));
        }
    }

    /**
     * Reads every queue from offset 0 until each acknowledged committing transaction has been read, then on
     * to the end each queue reports then, so duplicates stored so far are seen too.
     */
    private List<Delivery> readUntil(MessagingServer server, String topic, List<String> mustArrive) throws Exception {
        DefaultLitePullConsumer reader = clients.litePullConsumer(server.nameServerAddress(), Names.unique("GID_txcrash"));
        Collection<MessageQueue> queues = LitePolling.startFromFirstOffsets(reader, topic);
        List<Delivery> read =
                LitePolling.pollUntilRead(reader, mustArrive.size() + " committed transactions", mustArrive);
        return LitePolling.pollToEnds(reader, queues, clients.startedProducer(server.nameServerAddress()), read);
    }

    /**
     * A transaction whose half message was acknowledged.
     *
     * @param commits whether its local transaction (and every check) commits it
     */
    private record Sent(String msgId, boolean commits) {}
}
