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
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
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
        Restarts restarts = Restarts.in(workDir, ServerSettings.defaults().withSyncFlush());
        String topic = Names.unique("Crash");
        List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();

        try (MessagingServer victim = restarts.launch("CrashBeforeKill")) {
            DefaultMQProducer producer = clients.startedProducer(victim.nameServerAddress());
            // One attempt per send: a retry could store a second copy the test would not know about.
            producer.setRetryTimesWhenSendFailed(0);
            KillMidway.kill(victim, "send", MAX_SENDS, sequence -> send(producer, topic, sequence, acknowledged),
                    ACKNOWLEDGED_BEFORE_KILL + " acknowledged sends",
                    () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
            producer.shutdown();
        }

        try (MessagingServer restarted = restarts.launch("CrashAfterRestart")) {
            Map<String, Delivery> stored = LitePolling.readWholeTopic(clients, restarted.nameServerAddress(), topic)
                    .stream()
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

    /** Sends message #{@code sequence} synchronously and records it when the answer is SEND_OK. */
    private static void send(DefaultMQProducer producer, String topic, int sequence, List<Acknowledged> acknowledged)
            throws Exception {
        Payload payload = Payload.named("TagA", "crash-" + sequence);
        SendResult result = producer.send(payload.toMessage(topic));
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            acknowledged.add(new Acknowledged(sequence, result.getMsgId(), payload,
                    result.getMessageQueue().getQueueId(), result.getQueueOffset()));
        }
    }

    /**
     * A send that returned SEND_OK.
     *
     * @param sequence its place in the send loop
     */
    private record Acknowledged(int sequence, String msgId, Payload payload, int queueId, long queueOffset) {}
}
