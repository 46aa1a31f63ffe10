package dev.wharf.compat.v5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.MessagingServer;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.Restarts;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.TimedDeliveries;
import dev.wharf.compat.support.TimedDelivery;
import dev.wharf.compat.support.Topics;
import dev.wharf.compat.support.Waits;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arbitrary delivery times of the 5.x client ({@code setDeliverTimeMs}, {@code setDelayTimeSec},
 * {@code setDelayTimeMs}) on a DELAY topic: delivered no earlier than asked and promptly, and across a
 * SIGKILL every outstanding timer is delivered exactly once.
 */
class TimerMessageTest {

    /** Generous, for a loaded machine: the broker itself aims at a few milliseconds. */
    private static final long LATE_BOUND_MILLIS = 1_000;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void eachKindOfDeliveryTimeIsDeliveredNoEarlierThanAskedAndPromptly() throws Exception {
        String topic = Names.unique("Timer");
        Topics.create(server.server(), topic, ServerSettings.QUEUES, "DELAY");
        TimedDeliveries deliveries = new TimedDeliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_timer"), topic, "*",
                deliveries.acknowledgingListener());
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());

        Map<String, Long> earliest = new HashMap<>();
        Message absolute = Payload.named("TagA", "absolute").toMessage(topic);
        long deliverAt = System.currentTimeMillis() + 1_500;
        absolute.setDeliverTimeMs(deliverAt);
        earliest.put(send(producer, absolute), deliverAt);
        Message seconds = Payload.named("TagA", "seconds").toMessage(topic);
        seconds.setDelayTimeSec(2);
        long beforeSeconds = System.currentTimeMillis();
        earliest.put(send(producer, seconds), beforeSeconds + 2_000);
        Message millis = Payload.named("TagA", "millis").toMessage(topic);
        millis.setDelayTimeMs(1_200);
        long beforeMillis = System.currentTimeMillis();
        earliest.put(send(producer, millis), beforeMillis + 1_200);

        List<TimedDelivery> received = deliveries.awaitAtLeast(earliest.size(), "every timer message received");
        assertThat(received).hasSize(earliest.size());
        for (TimedDelivery delivery : received) {
            MessageExt message = delivery.message();
            long asked = Long.parseLong(message.getProperty(MessageConst.PROPERTY_TIMER_DELIVER_MS));
            assertThat(asked).as("delivery time of %s", message.getMsgId())
                    .isGreaterThanOrEqualTo(earliest.get(message.getMsgId()));
            delivery.assertDeliveredOnTime(asked, LATE_BOUND_MILLIS);
        }
    }

    @Test
    void aKillWithOutstandingTimersDeliversEachOfThemExactlyOnceAfterTheRestart(@TempDir Path workDir) throws Exception {
        int count = 200;
        Restarts restarts = Restarts.in(workDir, ServerSettings.defaults());
        String topic = Names.unique("TimerCrash");
        Map<String, Long> asked = new HashMap<>();
        long lastDue;

        try (MessagingServer victim = restarts.launch("TimerBeforeKill")) {
            Topics.create(victim, topic, ServerSettings.QUEUES, "DELAY");
            DefaultMQProducer producer = clients.startedProducer(victim.nameServerAddress());
            producer.setRetryTimesWhenSendFailed(0);
            long base = System.currentTimeMillis() + 1_000;
            for (int i = 0; i < count; i++) {
                // Spread over 4 s: some are delivered before the kill, some fall due while the server is
                // down, the rest after the restart.
                Message message = Payload.named("TagA", "timer-" + i).toMessage(topic);
                long deliverAt = base + 20L * i;
                message.setDeliverTimeMs(deliverAt);
                asked.put(send(producer, message), deliverAt);
            }
            lastDue = base + 20L * (count - 1);
            Waits.atMostBound("a quarter of the timers delivered before the kill")
                    .until(() -> stored(producer, topic) >= count / 4);
            victim.kill();
        }

        try (MessagingServer restarted = restarts.launch("TimerAfterRestart")) {
            DefaultMQProducer producer = clients.startedProducer(restarted.nameServerAddress());
            Waits.atMostBound("every timer due and delivered")
                    .until(() -> System.currentTimeMillis() > lastDue + LATE_BOUND_MILLIS
                            && stored(producer, topic) >= count);
            List<Delivery> delivered = LitePolling.readWholeTopic(clients, restarted.nameServerAddress(), topic);

            assertThat(delivered).extracting(Delivery::msgId).doesNotHaveDuplicates();
            assertThat(delivered).extracting(Delivery::msgId).containsExactlyInAnyOrderElementsOf(asked.keySet());
            assertThat(delivered).allSatisfy(delivery -> assertThat(delivery.storeTimestamp())
                    .as("delivered no earlier than asked, %s", delivery.msgId())
                    .isGreaterThanOrEqualTo(asked.get(delivery.msgId())));
        }
    }

    private static String send(DefaultMQProducer producer, Message message) throws Exception {
        SendResult result = producer.send(message);
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return result.getMsgId();
    }

    /** How many messages the topic's queues hold. */
    private static long stored(DefaultMQProducer producer, String topic) throws Exception {
        long total = 0;
        for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
            total += producer.maxOffset(queue);
        }
        return total;
    }
}
