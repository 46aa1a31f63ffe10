package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.CommittedOffsets;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.MessagingServer;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.Restarts;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.Waits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Committed consumer offsets are part of the durable state: a restarted server still knows them. */
class OffsetsSurviveRestartTest {

    private static final int MESSAGES = 40;

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aNewConsumerOfTheGroupContinuesExactlyAfterWhatWasCommittedBeforeTheRestart(@TempDir Path workDir)
            throws Exception {
        Restarts restarts = Restarts.in(workDir, ServerSettings.defaults());
        String topic = Names.unique("Restart");
        String group = Names.unique("GID_restart");
        List<String> sentIds = new ArrayList<>();
        List<Delivery> firstHalf;
        Map<Integer, Long> committed;

        try (MessagingServer before = restarts.launch("OffsetsBeforeRestart")) {
            DefaultMQProducer producer = clients.startedProducer(before.nameServerAddress());
            for (int i = 0; i < MESSAGES; i++) {
                sentIds.add(producer.send(Payload.named("TagA", "restart-" + i).toMessage(topic)).getMsgId());
            }
            producer.shutdown();

            DefaultLitePullConsumer consumer = clients.litePullConsumer(before.nameServerAddress(), group);
            consumer.setAutoCommit(false);
            consumer.subscribe(topic, "*");
            consumer.start();
            firstHalf = LitePolling.pollAtLeast(consumer, "the first half polled", MESSAGES / 2);
            consumer.commitSync();
            consumer.shutdown();

            committed = nextOffsetPerQueue(firstHalf);
            Waits.atMostBound("the polled offsets committed on the server")
                    .untilAsserted(() -> assertThat(nextOffsets(before, group, topic)).isEqualTo(committed));
        }

        try (MessagingServer after = restarts.launch("OffsetsAfterRestart")) {
            assertThat(nextOffsets(after, group, topic))
                    .as("committed offsets after the restart")
                    .isEqualTo(committed);

            Deliveries deliveries = new Deliveries();
            DefaultMQPushConsumer consumer = clients.startedPushConsumer(
                    after.nameServerAddress(), group, topic, "*", deliveries.acknowledgingListener());
            List<String> rest = sentIds.stream()
                    .filter(id -> firstHalf.stream().noneMatch(delivery -> delivery.msgId().equals(id)))
                    .toList();

            assertThat(deliveries.awaitAtLeast(rest.size(), "the messages not yet consumed"))
                    .extracting(Delivery::msgId)
                    .as("delivered after the restart: everything not committed before it, once")
                    .containsExactlyInAnyOrderElementsOf(rest);
            consumer.shutdown();
        }
    }

    /**
     * The offset the group reads next in each queue, from the server. A queue nothing was committed for
     * reads as -1 (none) on one server and 0 on another (Apache RocketMQ answers 0 while offset 0 is still
     * in memory); for a group that starts from the first offset both mean 0.
     */
    private static Map<Integer, Long> nextOffsets(MessagingServer server, String group, String topic) {
        Map<Integer, Long> next = new TreeMap<>(CommittedOffsets.read(server.nameServerAddress(), group, topic));
        next.replaceAll((queueId, offset) -> Math.max(0, offset));
        return next;
    }

    /** Per queue of the topic: one past the last offset polled, or 0 where nothing was polled. */
    private static Map<Integer, Long> nextOffsetPerQueue(List<Delivery> polled) {
        Map<Integer, Long> next = new TreeMap<>();
        IntStream.range(0, ServerSettings.QUEUES).forEach(queueId -> next.put(queueId, 0L));
        polled.forEach(delivery -> next.merge(delivery.queueId(), delivery.queueOffset() + 1, Math::max));
        return next;
    }
}
