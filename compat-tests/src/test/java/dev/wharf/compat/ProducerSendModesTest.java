package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Waits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every way {@link DefaultMQProducer} sends (sync, async, oneway, batch) stores the message so that a
 * push consumer gets it back with the same id, tag, keys and body, where the send result said it went.
 */
class ProducerSendModesTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    private static final int COUNT = 8;

    @Test
    void syncSendsAreAcknowledgedWithConsecutiveQueueOffsetsAndDeliveredUnchanged() throws Exception {
        String topic = Names.unique("SyncSend");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<Placed> placed = new ArrayList<>();
        for (Payload payload : payloads("sync")) {
            SendResult result = producer.send(payload.toMessage(topic));
            assertAcknowledged(result, topic);
            placed.add(Placed.of(result, payload));
        }

        Map<Integer, List<Long>> offsetsByQueue = placed.stream().collect(Collectors.groupingBy(
                Placed::queueId, TreeMap::new, Collectors.mapping(Placed::queueOffset, Collectors.toList())));
        assertThat(offsetsByQueue).as("queues of a %d-queue topic used round robin", ServerSettings.QUEUES)
                .hasSize(ServerSettings.QUEUES);
        offsetsByQueue.forEach((queueId, offsets) -> assertThat(offsets)
                .as("offsets the send results gave in queue %d of a new topic", queueId)
                .containsExactlyElementsOf(LongStream.range(0, offsets.size()).boxed().toList()));
        assertThat(consume(topic)).extracting(Placed::of).containsExactlyInAnyOrderElementsOf(placed);
    }

    @Test
    void asyncSendsCompleteTheirCallbacksAndAreDeliveredUnchanged() throws Exception {
        String topic = Names.unique("AsyncSend");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<CompletableFuture<Placed>> acknowledgements = new ArrayList<>();
        for (Payload payload : payloads("async")) {
            CompletableFuture<Placed> acknowledged = new CompletableFuture<>();
            producer.send(payload.toMessage(topic), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    try {
                        assertAcknowledged(result, topic);
                        acknowledged.complete(Placed.of(result, payload));
                    } catch (AssertionError e) {
                        acknowledged.completeExceptionally(e);
                    }
                }

                @Override
                public void onException(Throwable e) {
                    acknowledged.completeExceptionally(e);
                }
            });
            acknowledgements.add(acknowledged);
        }
        CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
                .get(Waits.BOUND.toMillis(), TimeUnit.MILLISECONDS);

        List<Placed> placed = acknowledgements.stream().map(CompletableFuture::join).toList();
        assertThat(consume(topic)).extracting(Placed::of).containsExactlyInAnyOrderElementsOf(placed);
    }

    @Test
    void onewaySendsAreDeliveredUnchanged() throws Exception {
        String topic = Names.unique("OnewaySend");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        // The topic must exist before oneway sends: a oneway send cannot report that auto-creation failed.
        producer.send(Payload.named("Setup", "first").toMessage(topic));
        List<String> ids = new ArrayList<>();
        List<Payload> payloads = payloads("oneway");
        for (Payload payload : payloads) {
            Message message = payload.toMessage(topic);
            producer.sendOneway(message);
            ids.add(message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        }

        List<Delivery> delivered = consume(topic, COUNT + 1).stream()
                .filter(delivery -> !delivery.payload().tags().equals("Setup"))
                .toList();
        assertThat(delivered).extracting(Delivery::msgId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(delivered).extracting(Delivery::payload).containsExactlyInAnyOrderElementsOf(payloads);
    }

    @Test
    void aBatchIsStoredInOneQueueAtConsecutiveOffsetsInBatchOrder() throws Exception {
        String topic = Names.unique("BatchSend");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<Payload> payloads = payloads("batch");
        List<Message> batch = payloads.stream().map(payload -> payload.toMessage(topic)).toList();

        SendResult result = producer.send(batch);

        assertAcknowledged(result, topic);
        List<String> ids = Arrays.asList(result.getMsgId().split(","));
        assertThat(ids).as("one id per message of the batch").hasSize(COUNT).doesNotHaveDuplicates();
        List<Placed> placed = IntStream.range(0, COUNT)
                .mapToObj(i -> new Placed(ids.get(i), payloads.get(i), result.getMessageQueue().getQueueId(),
                        result.getQueueOffset() + i))
                .toList();
        assertThat(consume(topic)).extracting(Placed::of).containsExactlyInAnyOrderElementsOf(placed);
    }

    private List<Delivery> consume(String topic) throws Exception {
        return consume(topic, COUNT);
    }

    private List<Delivery> consume(String topic, int count) throws Exception {
        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_" + topic), topic, "*",
                deliveries.acknowledgingListener());
        return deliveries.awaitAtLeast(count, "all " + count + " messages of " + topic + " delivered");
    }

    private static List<Payload> payloads(String mode) {
        return IntStream.range(0, COUNT)
                .mapToObj(i -> Payload.named("Tag" + (i % 3), mode + "-" + i))
                .toList();
    }

    private static void assertAcknowledged(SendResult result, String topic) {
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.getMsgId()).as("client message id").isNotBlank();
        assertThat(result.getOffsetMsgId()).as("server (offset) message id").isNotBlank();
        assertThat(result.getMessageQueue().getTopic()).isEqualTo(topic);
        assertThat(result.getQueueOffset()).isNotNegative();
    }

    /** Where one message went, as the send result tells it and as the consumer sees it. */
    private record Placed(String msgId, Payload payload, int queueId, long queueOffset) {

        static Placed of(SendResult result, Payload payload) {
            return new Placed(result.getMsgId(), payload, result.getMessageQueue().getQueueId(),
                    result.getQueueOffset());
        }

        static Placed of(Delivery delivery) {
            return new Placed(delivery.msgId(), delivery.payload(), delivery.queueId(), delivery.queueOffset());
        }
    }
}
