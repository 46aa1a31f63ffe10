package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DefaultMQPushConsumer} with a concurrent and with an orderly listener. */
class PushConsumerTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aConcurrentConsumerReceivesEveryMessageOfEveryQueueExactlyOnce() throws Exception {
        String topic = Names.unique("PushConcurrent");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<String> sentIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sentIds.add(producer.send(Payload.named("TagA", "push-" + i).toMessage(topic)).getMsgId());
        }

        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_push"), topic, "*",
                deliveries.acknowledgingListener());

        List<Delivery> delivered = deliveries.awaitAtLeast(sentIds.size(), "20 messages pushed");
        assertThat(delivered).extracting(Delivery::msgId).containsExactlyInAnyOrderElementsOf(sentIds);
        assertThat(delivered).extracting(Delivery::topic).containsOnly(topic);
        Map<Integer, List<Long>> offsetsByQueue = delivered.stream().collect(Collectors.groupingBy(
                Delivery::queueId, TreeMap::new, Collectors.mapping(Delivery::queueOffset, Collectors.toList())));
        assertThat(offsetsByQueue).hasSize(ServerSettings.QUEUES);
        offsetsByQueue.forEach((queueId, offsets) -> assertThat(offsets)
                .as("offsets delivered from queue %d", queueId)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, offsets.size()).boxed().toList()));
    }

    @Test
    void anOrderlyConsumerReceivesEachOrdersStepsInSendOrderAndEachQueueInOffsetOrder() throws Exception {
        String topic = Names.unique("PushOrderly");
        int orders = 6;
        int steps = 5;
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        MessageQueueSelector byOrderId = (queues, message, orderId) -> queues.get((Integer) orderId % queues.size());
        for (int step = 0; step < steps; step++) {
            for (int order = 0; order < orders; order++) {
                SendResult result = producer.send(step(order, step).toMessage(topic), byOrderId, order);
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(result.getMessageQueue().getQueueId()).isEqualTo(order % ServerSettings.QUEUES);
            }
        }

        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_orderly"), topic, "*",
                (MessageListenerOrderly) (messages, context) -> {
                    deliveries.addAll(messages);
                    return ConsumeOrderlyStatus.SUCCESS;
                });

        List<Delivery> delivered = deliveries.awaitAtLeast(orders * steps, "every step of every order");
        assertThat(delivered).hasSize(orders * steps);
        for (int order = 0; order < orders; order++) {
            int orderId = order;
            assertThat(delivered.stream().map(Delivery::payload).filter(p -> p.keys().equals(orderKey(orderId))))
                    .as("steps of order %d in consumption order", order)
                    .containsExactlyElementsOf(IntStream.range(0, steps).mapToObj(s -> step(orderId, s)).toList());
        }
        delivered.stream()
                .collect(Collectors.groupingBy(Delivery::queueId, Collectors.mapping(Delivery::queueOffset,
                        Collectors.toList())))
                .forEach((queueId, offsets) -> assertThat(offsets)
                        .as("offsets of queue %d in consumption order", queueId)
                        .isSorted()
                        .doesNotHaveDuplicates());
    }

    private static Payload step(int order, int step) {
        return new Payload("Order", orderKey(order), "order " + order + " step " + step);
    }

    private static String orderKey(int order) {
        return "order-" + order;
    }
}
