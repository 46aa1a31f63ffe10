package dev.wharf.compat.v5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerLauncher;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.TimedDeliveries;
import dev.wharf.compat.support.TimedDelivery;
import dev.wharf.compat.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DefaultMQPushConsumer} of rocketmq-client 5.x in POP mode: client rebalance off and the group's
 * request mode set to POP, so the consumer receives with POP_MESSAGE and settles each message with
 * ACK_MESSAGE (consumed) or CHANGE_MESSAGE_INVISIBLETIME (reconsume later). One test drives the same
 * requests directly ({@link PopClient}) to choose the new invisible time itself.
 */
class PopConsumerTest {

    /** The shortest invisible time the 5.x client accepts. */
    private static final long SHORT_INVISIBLE_MILLIS = 5_000;
    /** Longer than any test waits, so only a change of invisible time can bring a message back early. */
    private static final long LONG_INVISIBLE_MILLIS = 60_000;
    /** The 5.x push consumer's first POP retry delay (its fixed table starts at 10 s). */
    private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(10);
    /** A server may round a visibility time down to its timer tick (Apache RocketMQ: 1 s). */
    private static final Duration TIMER_PRECISION = Duration.ofSeconds(1);
    /** Long-poll time of a raw POP_MESSAGE. */
    private static final long POLL_MILLIS = 1_000;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aPopConsumerReceivesEveryMessageOnceAndItsAcksKeepThemFromComingBack() throws Exception {
        String topic = Names.unique("PopAll");
        String group = Names.unique("GID_pop");
        List<String> sentIds = send(topic, 20);

        Deliveries deliveries = new Deliveries();
        Set<String> receipts = ConcurrentHashMap.newKeySet();
        MessageListenerConcurrently acknowledging = deliveries.acknowledgingListener();
        startPopConsumer(topic, group, SHORT_INVISIBLE_MILLIS, (MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> receipts.add(message.getProperty(MessageConst.PROPERTY_POP_CK)));
            return acknowledging.consumeMessage(messages, context);
        });

        List<Delivery> delivered = deliveries.awaitAtLeast(sentIds.size(), "20 messages popped");
        assertThat(delivered).extracting(Delivery::msgId).containsExactlyInAnyOrderElementsOf(sentIds);
        assertThat(delivered).extracting(Delivery::topic).containsOnly(topic);
        assertThat(delivered).extracting(Delivery::reconsumeTimes).containsOnly(0);
        assertThat(receipts).as("POP receipts (POP_CK), one of its own per message")
                .hasSize(sentIds.size()).doesNotContainNull();
        // Unacknowledged messages would come back once their invisible time is over.
        Awaitility.await("no redelivery of acknowledged messages")
                .during(Duration.ofMillis(SHORT_INVISIBLE_MILLIS).multipliedBy(2))
                .atMost(Duration.ofMillis(SHORT_INVISIBLE_MILLIS).multipliedBy(3))
                .until(() -> deliveries.snapshot().size() == sentIds.size());
    }

    @Test
    void aMessageReconsumedLaterComesBackAfterTheInvisibleTimeTheClientChangedItToWithItsCountIncremented()
            throws Exception {
        String topic = Names.unique("PopLater");
        String group = Names.unique("GID_pop_later");
        String sentId = send(topic, 1).get(0);

        TimedDeliveries deliveries = new TimedDeliveries();
        startPopConsumer(topic, group, LONG_INVISIBLE_MILLIS, (MessageListenerConcurrently) (messages, context) -> {
            deliveries.addAll(messages);
            return messages.get(0).getReconsumeTimes() == 0
                    ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                    : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });

        List<TimedDelivery> delivered = deliveries.awaitAtLeast(2, "the message reconsumed later, again");
        assertThat(delivered).extracting(d -> d.delivery().msgId()).containsExactly(sentId, sentId);
        assertThat(delivered).extracting(d -> d.delivery().reconsumeTimes()).containsExactly(0, 1);
        assertThat(delivered).extracting(d -> d.delivery().topic()).containsOnly(topic);
        // RECONSUME_LATER makes the client set the invisible time to its first retry delay; the group's
        // own invisible time (60 s) would bring it back much later.
        assertThat(delivered.get(1).gapAfter(delivered.get(0)))
                .as("time between the two deliveries")
                .isGreaterThanOrEqualTo(FIRST_RETRY_DELAY.minus(TIMER_PRECISION));
    }

    @Test
    void aMessageWhoseListenerOutlivesTheInvisibleTimeComesBackAfterItWithItsCountIncremented() throws Exception {
        String topic = Names.unique("PopTimeout");
        String group = Names.unique("GID_pop_timeout");
        String sentId = send(topic, 1).get(0);

        TimedDeliveries deliveries = new TimedDeliveries();
        startPopConsumer(topic, group, SHORT_INVISIBLE_MILLIS, (MessageListenerConcurrently) (messages, context) -> {
            deliveries.addAll(messages);
            if (messages.get(0).getReconsumeTimes() == 0) {
                // Success reported too late: the receipt expired meanwhile, so the client drops the answer.
                pause(SHORT_INVISIBLE_MILLIS + 1_500);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });

        List<TimedDelivery> delivered = deliveries.awaitAtLeast(2, "the timed-out message, again");
        assertThat(delivered).extracting(d -> d.delivery().msgId()).containsExactly(sentId, sentId);
        assertThat(delivered).extracting(d -> d.delivery().reconsumeTimes()).containsExactly(0, 1);
        assertThat(delivered.get(1).gapAfter(delivered.get(0)))
                .as("time between the two deliveries")
                .isGreaterThanOrEqualTo(Duration.ofMillis(SHORT_INVISIBLE_MILLIS).minus(TIMER_PRECISION));
    }

    @Test
    void changingTheInvisibleTimeOfAPoppedMessageMakesItComeBackAtTheNewTime() throws Exception {
        String topic = Names.unique("PopChange");
        String group = Names.unique("GID_pop_change");
        String sentId = send(topic, 1).get(0);
        long newInvisibleMillis = 3_000;

        try (PopClient pop = PopClient.start(server.nameServerAddress())) {
            MessageExt first = popOne(pop, topic, group, "the message, first pop");
            long changedAt = System.nanoTime();
            assertThat(pop.changeInvisibleTime(first, group, newInvisibleMillis)).isEqualTo(AckStatus.OK);

            MessageExt again = popOne(pop, topic, group, "the message after its new invisible time");
            Duration gap = Duration.ofNanos(System.nanoTime() - changedAt);
            assertThat(List.of(first.getMsgId(), again.getMsgId())).containsOnly(sentId);
            assertThat(again.getReconsumeTimes()).isEqualTo(1);
            assertThat(gap).as("time from the change to the next delivery")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(newInvisibleMillis).minus(TIMER_PRECISION));
            assertThat(pop.ack(again, group)).isEqualTo(AckStatus.OK);
        }
    }

    /**
     * Wharf only: Apache RocketMQ 5.5.0 never dead-letters for a Remoting POP consumer. Its client keeps
     * changing the invisible time once the maximum is reached (and silently acks after twice its longest
     * delay), and its broker's revive has no dead-letter path; only gRPC clients forward to the DLQ themselves.
     * Wharf's revive sends a message that used up the group's retries to {@code %DLQ%<group>}. The group allows
     * none, so the test waits out one client delay (10 s, fixed): with one retry the second would add 30 s.
     * Redeliveries before the limit are the other tests' subject. The limit is the broker's, from the group's
     * config; the client keeps its own default (a client told 0 would take its path for spent messages instead).
     */
    @Test
    void aMessageThatUsedUpTheGroupsRetriesEndsInTheDeadLetterQueue() throws Exception {
        assumeTrue(ServerLauncher.targetsWharf(), "Apache RocketMQ has no dead-letter path for Remoting POP");
        int maxRetries = 0;
        String topic = Names.unique("PopDead");
        String group = Names.unique("GID_pop_dead");
        Payload payload = Payload.named("TagA", "always-fails");
        String sentId = clients.startedProducer(server.nameServerAddress()).send(payload.toMessage(topic)).getMsgId();
        PopGroups.limitRetries(server.nameServerAddress(), topic, group, maxRetries);

        Deliveries attempts = new Deliveries();
        DefaultMQPushConsumer consumer = popConsumer(topic, group, LONG_INVISIBLE_MILLIS);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            attempts.addAll(messages);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();

        List<Delivery> deadLetters = readDeadLetters(group, Duration.ofSeconds(60));
        assertThat(deadLetters).extracting(Delivery::msgId).containsExactly(sentId);
        assertThat(deadLetters).extracting(Delivery::payload).containsExactly(payload);
        assertThat(attempts.snapshot()).extracting(Delivery::reconsumeTimes)
                .as("reconsume count of each delivery before the message was dead-lettered")
                .containsExactly(0);
    }

    private List<String> send(String topic, int count) throws Exception {
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(producer.send(Payload.named("TagA", topic + "-" + i).toMessage(topic)).getMsgId());
        }
        return ids;
    }

    /** Pops (invisible for longer than the test waits) until one message comes; the bound is {@link Waits#BOUND}. */
    private static MessageExt popOne(PopClient pop, String topic, String group, String alias) {
        List<MessageExt> found = Waits.atMostBound(alias)
                .until(() -> pop.pop(topic, group, LONG_INVISIBLE_MILLIS, POLL_MILLIS, false), popped -> !popped.isEmpty());
        assertThat(found).as(alias).hasSize(1);
        return found.get(0);
    }

    private void startPopConsumer(String topic, String group, long invisibleMillis,
            MessageListenerConcurrently listener) throws Exception {
        DefaultMQPushConsumer consumer = popConsumer(topic, group, invisibleMillis);
        consumer.registerMessageListener(listener);
        consumer.start();
    }

    /** A push consumer of an existing topic, subscribed, in POP mode; register a listener and start it. */
    private DefaultMQPushConsumer popConsumer(String topic, String group, long invisibleMillis) throws Exception {
        PopGroups.usePop(server.nameServerAddress(), topic, group);
        DefaultMQPushConsumer consumer = clients.pushConsumer(server.nameServerAddress(), group);
        consumer.setClientRebalance(false);
        consumer.setPopInvisibleTime(invisibleMillis);
        consumer.subscribe(topic, "*");
        return consumer;
    }

    private List<Delivery> readDeadLetters(String group, Duration bound) throws Exception {
        String deadLetterTopic = "%DLQ%" + group;
        DefaultLitePullConsumer reader = clients.litePullConsumer(server.nameServerAddress(), Names.unique("GID_dlq"));
        LitePolling.startFromFirstOffsets(reader, deadLetterTopic, bound);
        return LitePolling.pollAtLeast(reader, "the dead letter", 1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
