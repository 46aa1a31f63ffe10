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
import dev.wharf.compat.support.Waits;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code flush: sync}, SEND_OK means on disk: after a SIGKILL in the middle of a stream of
 * synchronous sends and a restart on the same data, every acknowledged message is there, at the offset
 * its send result named, in send order within its queue.
 */
class CrashSafetyTest {

    /** Acknowledged sends to wait for before the kill; the producer keeps sending while it happens. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 200;
    /** Upper bound of the send loop, should the kill never come. */
    private static final int MAX_SENDS = 5_000;

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void everyMessageAcknowledgedBeforeAKillIsThereAfterTheRestartInOrderPerQueue(@TempDir Path workDir)
            throws Exception {
        Path data = workDir.resolve("data");
        ServerLauncher launcher = ServerLauncher.configured();
        ServerSettings syncFlush = ServerSettings.defaults().withSyncFlush();
        String topic = Names.unique("Crash");
        List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();

        try (MessagingServer victim = launcher.launch(syncFlush, data, "CrashBeforeKill")) {
            DefaultMQProducer producer = clients.startedProducer(victim.nameServerAddress());
            // One attempt per send: a retry could store a second copy the test would not know about.
            producer.setRetryTimesWhenSendFailed(0);
            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(
                    () -> sendUntilRefused(producer, topic, acknowledged, killed));

            Waits.atMostBound(ACKNOWLEDGED_BEFORE_KILL + " acknowledged sends")
                    .until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL || sending.isDone());
            assertThat(sending).as("the producer was still sending when the kill came").isNotDone();
            killed.set(true);
            victim.kill();
            sending.get(Waits.BOUND.toMillis(), TimeUnit.MILLISECONDS);
            producer.shutdown();
        }

        try (MessagingServer restarted = launcher.launch(syncFlush, data, "CrashAfterRestart")) {
            Map<String, Delivery> stored = readEverything(restarted, topic).stream()
                    .collect(Collectors.toMap(Delivery::msgId, delivery -> delivery, (first, again) -> first));

            for (Acknowledged sent : acknowledged) {
                Delivery found = stored.get(sent.msgId());
                assertThat(found).as("acknowledged message %s (send #%d)", sent.msgId(), sent.sequence()).isNotNull();
                assertThat(found.payload()).isEqualTo(sent.payload());
                assertThat(found.queueId()).isEqualTo(sent.queueId());
                assertThat(found.queueOffset()).as("offset of send #%d", sent.sequence()).isEqualTo(sent.queueOffset());
            }
            acknowledged.stream()
                    .collect(Collectors.groupingBy(Acknowledged::queueId))
                    .forEach((queueId, sends) -> assertThat(sends.stream()
                                    .sorted(Comparator.comparingLong(Acknowledged::queueOffset))
                                    .map(Acknowledged::sequence)
                                    .toList())
                            .as("send order of queue %d read by offset", queueId)
                            .isSorted());
        }
    }

    /**
     * Sends synchronously until a send fails after the kill. A failure before the kill ends the loop
     * too and leaves the future failed, so the test reports it.
     */
    private static void sendUntilRefused(DefaultMQProducer producer, String topic, List<Acknowledged> acknowledged,
            AtomicBoolean killed) {
        for (int sequence = 0; sequence < MAX_SENDS; sequence++) {
            Payload payload = Payload.named("TagA", "crash-" + sequence);
            SendResult result;
            try {
                result = producer.send(payload.toMessage(topic));
            } catch (Exception e) {
                if (killed.get()) {
                    return;
                }
                throw new IllegalStateException("send #" + sequence + " failed before the kill", e);
            }
            if (result.getSendStatus() == SendStatus.SEND_OK) {
                acknowledged.add(new Acknowledged(sequence, result.getMsgId(), payload,
                        result.getMessageQueue().getQueueId(), result.getQueueOffset()));
            }
        }
    }

    /** Reads every queue of the topic from offset 0 to the end the restarted server reports for it. */
    private List<Delivery> readEverything(MessagingServer server, String topic) throws Exception {
        DefaultMQProducer offsets = clients.startedProducer(server.nameServerAddress());
        DefaultLitePullConsumer reader = clients.litePullConsumer(server.nameServerAddress(), Names.unique("GID_crash"));
        reader.setAutoCommit(false);
        reader.start();
        Collection<MessageQueue> queues = reader.fetchMessageQueues(topic);
        Map<Integer, Long> ends = new HashMap<>();
        for (MessageQueue queue : queues) {
            ends.put(queue.getQueueId(), offsets.maxOffset(queue));
        }
        reader.assign(queues);
        for (MessageQueue queue : queues) {
            reader.seek(queue, 0);
        }
        List<Delivery> read = LitePolling.pollUntil(reader, "every queue read to its end " + ends,
                received -> ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || received.stream()
                        .anyMatch(delivery -> delivery.queueId() == end.getKey()
                                && delivery.queueOffset() == end.getValue() - 1)));
        reader.shutdown();
        offsets.shutdown();
        return read;
    }

    /**
     * A send that returned SEND_OK.
     *
     * @param sequence its place in the send loop
     */
    private record Acknowledged(int sequence, String msgId, Payload payload, int queueId, long queueOffset) {}
}
