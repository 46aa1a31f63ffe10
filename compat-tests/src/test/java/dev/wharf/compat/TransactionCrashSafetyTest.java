package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.MessagingServer;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerLauncher;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.Topics;
import dev.wharf.compat.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.MessageQueue;
import org.awaitility.core.ConditionTimeoutException;
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
    private static final long POLL_MILLIS = 500;

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aKillInTheMiddleOfTransactionsLosesNoCommitAndDeliversNoRollback(@TempDir Path workDir) throws Exception {
        Path data = workDir.resolve("data");
        ServerLauncher launcher = ServerLauncher.configured();
        ServerSettings settings = ServerSettings.defaults().withSyncFlush()
                .withTransactionChecks(Duration.ofMillis(500), Duration.ofSeconds(1));
        String topic = Names.unique("TxCrash");
        String group = Names.unique("PID_txcrash");
        List<Sent> acknowledged = new CopyOnWriteArrayList<>();

        try (MessagingServer victim = launcher.launch(settings, data, "TxCrashBeforeKill")) {
            Topics.create(victim, topic, ServerSettings.QUEUES, "TRANSACTION");
            TransactionMQProducer producer = clients.startedTransactionProducer(victim.nameServerAddress(), group,
                    TransactionalProducerTest.decidingByBody());
            producer.setRetryTimesWhenSendFailed(0);
            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(
                    () -> sendUntilRefused(producer, topic, acknowledged, killed));

            Waits.atMostBound(ACKNOWLEDGED_BEFORE_KILL + " acknowledged transactions")
                    .until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL || sending.isDone());
            assertThat(sending).as("the producer was still sending when the kill came").isNotDone();
            killed.set(true);
            victim.kill();
            sending.get(Waits.BOUND.toMillis(), TimeUnit.MILLISECONDS);
            producer.shutdown();
        }

        try (MessagingServer restarted = launcher.launch(settings, data, "TxCrashAfterRestart")) {
            // The producer group comes back online, so halves the kill left open are checked back.
            clients.startedTransactionProducer(restarted.nameServerAddress(), group,
                    TransactionalProducerTest.decidingByBody());
            List<String> committed = acknowledged.stream().filter(Sent::commits).map(Sent::msgId).toList();
            List<Delivery> stored = readUntil(restarted, topic, committed);

            assertThat(stored).as("no rolled-back transaction is delivered")
                    .allSatisfy(delivery -> assertThat(delivery.payload().body()).contains("commit-"));
            assertThat(stored.stream().collect(Collectors.groupingBy(Delivery::msgId, Collectors.counting())))
                    .as("every committed transaction once")
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
        }
    }

    /** Alternates committing and rolling-back transactions until a send fails after the kill. */
    private static void sendUntilRefused(TransactionMQProducer producer, String topic,
            List<Sent> acknowledged, AtomicBoolean killed) {
        for (int sequence = 0; sequence < MAX_SENDS; sequence++) {
            boolean commits = sequence % 2 == 0;
            String name = (commits ? "commit-" : "rollback-") + sequence;
            TransactionSendResult result;
            try {
                result = producer.sendMessageInTransaction(Payload.named("TagA", name).toMessage(topic), null);
            } catch (Exception e) {
                if (killed.get()) {
                    return;
                }
                throw new IllegalStateException("transaction #" + sequence + " failed before the kill", e);
            }
            if (result.getSendStatus() == SendStatus.SEND_OK) {
                acknowledged.add(new Sent(result.getMsgId(), commits));
            }
        }
    }

    /**
     * Reads every queue from offset 0 until each acknowledged committing transaction has been read, then on
     * to the end each queue reports then, so duplicates stored so far are seen too.
     */
    private List<Delivery> readUntil(MessagingServer server, String topic, List<String> mustArrive) throws Exception {
        DefaultLitePullConsumer reader = clients.litePullConsumer(server.nameServerAddress(), Names.unique("GID_txcrash"));
        reader.setAutoCommit(false);
        reader.start();
        Collection<MessageQueue> queues = reader.fetchMessageQueues(topic);
        reader.assign(queues);
        for (MessageQueue queue : queues) {
            reader.seek(queue, 0);
        }
        // Polled by hand rather than through LitePolling, so a miss names the transactions that never came.
        List<Delivery> read = new ArrayList<>();
        try {
            Waits.atMostBound(mustArrive.size() + " committed transactions").until(() -> {
                read.addAll(reader.poll(POLL_MILLIS).stream().map(Delivery::of).toList());
                return read.stream().map(Delivery::msgId).collect(Collectors.toSet()).containsAll(mustArrive);
            });
        } catch (ConditionTimeoutException e) {
            assertThat(read).extracting(Delivery::msgId).as("committed transactions read").containsAll(mustArrive);
        }
        DefaultMQProducer offsets = clients.startedProducer(server.nameServerAddress());
        Map<Integer, Long> ends = new HashMap<>();
        for (MessageQueue queue : queues) {
            ends.put(queue.getQueueId(), offsets.maxOffset(queue));
        }
        Function<List<Delivery>, Boolean> allRead = received -> ends.entrySet().stream().allMatch(end ->
                end.getValue() == 0 || received.stream().anyMatch(delivery -> delivery.queueId() == end.getKey()
                        && delivery.queueOffset() == end.getValue() - 1));
        if (!allRead.apply(read)) {
            read.addAll(LitePolling.pollUntil(reader, "every queue read to its end " + ends,
                    received -> allRead.apply(concat(read, received))));
        }
        return read;
    }

    private static List<Delivery> concat(List<Delivery> first, List<Delivery> second) {
        List<Delivery> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * A transaction whose half message was acknowledged.
     *
     * @param commits whether its local transaction (and every check) commits it
     */
    private record Sent(String msgId, boolean commits) {}
}
