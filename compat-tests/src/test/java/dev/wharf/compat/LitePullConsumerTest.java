package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.CommittedOffsets;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DefaultLitePullConsumer} in subscribe mode and in assign mode with seek and commit. */
class LitePullConsumerTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void subscribeModeReceivesEveryMessageOfEveryQueueInOffsetOrder() throws Exception {
        String topic = Names.unique("LiteSubscribe");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<String> sentIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sentIds.add(producer.send(Payload.named("TagA", "lite-" + i).toMessage(topic)).getMsgId());
        }

        DefaultLitePullConsumer consumer = clients.litePullConsumer(server.nameServerAddress(), Names.unique("GID_lite"));
        consumer.subscribe(topic, "*");
        consumer.start();
        List<Delivery> delivered = LitePolling.pollAtLeast(consumer, "20 messages polled", sentIds.size());

        assertThat(delivered).extracting(Delivery::msgId).containsExactlyInAnyOrderElementsOf(sentIds);
        Map<Integer, List<Long>> offsetsByQueue = delivered.stream().collect(Collectors.groupingBy(
                Delivery::queueId, Collectors.mapping(Delivery::queueOffset, Collectors.toList())));
        assertThat(offsetsByQueue).hasSize(ServerSettings.QUEUES);
        offsetsByQueue.forEach((queueId, offsets) -> assertThat(offsets)
                .as("offsets polled from queue %d, in polling order", queueId)
                .containsExactlyElementsOf(LongStream.range(0, offsets.size()).boxed().toList()));
    }

    @Test
    void assignModeReadsFromTheSeekOffsetAndANewConsumerResumesAtTheCommittedOffset() throws Exception {
        String topic = Names.unique("LiteAssign");
        String group = Names.unique("GID_assign");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        MessageQueueSelector queueZero = (queues, message, arg) -> queues.stream()
                .filter(queue -> queue.getQueueId() == 0).findFirst().orElseThrow();
        List<Payload> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Payload payload = Payload.named("TagA", "assign-" + i);
            producer.send(payload.toMessage(topic), queueZero, null);
            sent.add(payload);
        }

        DefaultLitePullConsumer first = clients.litePullConsumer(server.nameServerAddress(), group);
        first.setAutoCommit(false);
        first.start();
        MessageQueue queue = queueZeroOf(first, topic);
        first.assign(List.of(queue));
        first.seek(queue, 4);
        List<Delivery> fromSeek = LitePolling.pollAtLeast(first, "messages 4 to 9 after the seek", 6);

        assertThat(fromSeek).extracting(Delivery::queueOffset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(fromSeek).extracting(Delivery::payload).containsExactlyElementsOf(sent.subList(4, 10));

        first.commitSync(Map.of(queue, 7L), true);
        first.shutdown();
        Waits.atMostBound("offset 7 committed on the server")
                .until(() -> CommittedOffsets.read(server.nameServerAddress(), group, topic).get(0), offset -> offset == 7L);

        DefaultLitePullConsumer second = clients.litePullConsumer(server.nameServerAddress(), group);
        second.setAutoCommit(false);
        second.start();
        second.assign(List.of(queueZeroOf(second, topic)));
        List<Delivery> resumed = LitePolling.pollAtLeast(second, "messages 7 to 9 after the committed offset", 3);

        assertThat(resumed).extracting(Delivery::queueOffset).containsExactly(7L, 8L, 9L);
        assertThat(resumed).extracting(Delivery::payload).containsExactlyElementsOf(sent.subList(7, 10));
    }

    private static MessageQueue queueZeroOf(DefaultLitePullConsumer consumer, String topic) throws Exception {
        return consumer.fetchMessageQueues(topic).stream()
                .filter(queue -> queue.getQueueId() == 0)
                .findFirst()
                .orElseThrow();
    }
}
