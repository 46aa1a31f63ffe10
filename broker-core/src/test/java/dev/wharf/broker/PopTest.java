package dev.wharf.broker;

import static dev.wharf.broker.PopRequests.body;
import static dev.wharf.broker.PopRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopTest extends PopTestBase {

    static final String GROUP = "billing";
    static final String TOPIC = "orders";

    @BeforeEach
    void createTopic() {
        broker.broker().topics().create(TOPIC, 2, TopicMessageType.NORMAL);
    }

    @Test
    void aPopHandsOutMessagesWithReceiptsAndAnAckedMessageNeverComesBack() {
        send(0, "a", "b");
        send(1, "c");

        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, -1, 32, 200).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answer.extField("reviveQid")).isEqualTo("0");
        assertThat(answer.extField("invisibleTime")).isEqualTo("200");
        List<StoredMessage> popped = messages(answer, TOPIC);
        assertThat(popped).extracting(PopRequests::body).containsExactlyInAnyOrder("a", "b", "c");
        popped.forEach(message -> assertThat(broker.call(PopRequests.ack(GROUP, TOPIC, message)).code())
                .isEqualTo(ResponseCode.SUCCESS));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().inflightCheckpoints() == 0);
        assertThat(popAfter(Duration.ofMillis(400))).isEmpty();
    }

    @Test
    void aNewGroupPoppingFromTheEndStillGetsAYoungQueuesFirstMessages() {
        send(0, "sent before anyone consumed");

        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 1000).extField("initMode", 1).build());

        assertThat(messages(answer, TOPIC)).extracting(PopRequests::body).containsExactly("sent before anyone consumed");
    }

    @Test
    void aPopThatFindsNothingAnswersPollingTimeoutWithTheHeaderClientsDecode() {
        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 1000).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.POLLING_TIMEOUT);
        assertThat(answer.extFields()).containsKeys("popTime", "invisibleTime", "reviveQid", "restNum");
    }

    @Test
    void anUnackedMessageComesBackThroughTheRetryTopicUnderItsOwnTopicName() {
        send(0, "forgotten");
        StoredMessage first = messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 100).build()), TOPIC).get(0);

        StoredMessage again = awaitPop();

        assertThat(body(again)).isEqualTo("forgotten");
        assertThat(again.reconsumeTimes()).isEqualTo(1);
        assertThat(again.property(MessageProperties.POP_CK).split(" ")[4]).isEqualTo("1");
        assertThat(again.property(MessageProperties.FIRST_POP_TIME))
                .isEqualTo(first.property(MessageProperties.POP_CK).split(" ")[1]);
        assertThat(again.property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
                .isEqualTo(first.property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        assertThat(broker.call(PopRequests.ack(GROUP, TOPIC, again)).code()).isEqualTo(ResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().inflightCheckpoints() == 0);
        assertThat(popAfter(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aMessageKeptInvisibleLongerDoesNotComeBackAndItsNewReceiptAcksIt() {
        send(0, "slow");
        StoredMessage popped = messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 100).build()), TOPIC).get(0);

        RemotingCommand changed = broker.call(PopRequests.changeInvisibleTime(GROUP, TOPIC, popped, 60_000));

        assertThat(changed.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(changed.extField("invisibleTime")).isEqualTo("60000");
        assertThat(popAfter(Duration.ofMillis(400))).isEmpty();
        String newReceipt = popped.queueOffset() + " " + changed.extField("popTime") + " 60000 "
                + changed.extField("reviveQid") + " 0 broker-a 0 " + popped.queueOffset();
        StoredMessage renewed = withReceipt(popped, newReceipt);
        assertThat(broker.call(PopRequests.ack(GROUP, TOPIC, renewed)).code()).isEqualTo(ResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().inflightCheckpoints() == 0);
    }

    @Test
    void aMessageMadeVisibleSoonerComesBackSooner() {
        send(0, "nacked");
        StoredMessage popped = messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 60_000).build()), TOPIC)
                .get(0);

        broker.call(PopRequests.changeInvisibleTime(GROUP, TOPIC, popped, 50));

        StoredMessage again = awaitPop();
        assertThat(body(again)).isEqualTo("nacked");
        assertThat(again.reconsumeTimes()).isEqualTo(1);
    }

    @Test
    void aBatchAckAcknowledgesEveryMessageItNames() {
        send(0, "a", "b", "c");
        List<StoredMessage> popped = messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 200).build()), TOPIC);

        RemotingCommand acked = broker.call(PopRequests.batchAck(GROUP, TOPIC, popped.subList(0, 2)));

        assertThat(acked.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(body(awaitPop())).isEqualTo("c");
        assertThat(popAfter(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aMessageReconsumedTheMaximumNumberOfTimesGoesToTheDeadLetterQueue() {
        broker.broker().groups().put(broker.broker().groups().ensure(GROUP).withRetryMaxTimes(1));
        send(0, "poison");
        broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 50).build());
        StoredMessage retried = await().atMost(Duration.ofSeconds(5))
                .until(() -> popNow(50), found -> !found.isEmpty()).get(0);
        assertThat(retried.reconsumeTimes()).isEqualTo(1);

        List<StoredMessage> dead = await().atMost(Duration.ofSeconds(5))
                .until(() -> pullAll("%DLQ%" + GROUP), found -> !found.isEmpty());

        assertThat(dead).extracting(PopRequests::body).containsExactly("poison");
        assertThat(dead.get(0).property(MessageProperties.DLQ_ORIGIN_TOPIC)).isEqualTo(TOPIC);
        assertThat(popAfter(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aRestartNeitherRedeliversAckedMessagesNorForgetsThoseInFlight() {
        send(0, "m0", "m1", "m2", "m3");
        List<StoredMessage> popped = messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 1500).build()), TOPIC);
        broker.call(PopRequests.ack(GROUP, TOPIC, popped.get(0)));
        broker.call(PopRequests.ack(GROUP, TOPIC, popped.get(2)));

        broker.restart();

        assertThat(broker.broker().pop().inflightCheckpoints()).isEqualTo(1);
        List<String> redelivered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            popNow().forEach(message -> {
                redelivered.add(body(message));
                broker.call(PopRequests.ack(GROUP, TOPIC, message));
            });
            return redelivered.size() >= 2;
        });
        assertThat(redelivered).containsExactlyInAnyOrder("m1", "m3");
        assertThat(popAfter(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aRestartResumesPoppingAfterWhatWasPopped() {
        send(0, "m0", "m1");
        List<StoredMessage> popped = messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 60_000).build()), TOPIC);
        popped.forEach(message -> broker.call(PopRequests.ack(GROUP, TOPIC, message)));

        broker.restart();
        send(0, "m2");

        assertThat(popNow()).extracting(PopRequests::body).containsExactly("m2");
    }

    @Test
    void aParkedPopAnswersWhenAMessageArrives() {
        var parked = broker.dispatch(broker.connection,
                PopRequests.pop(GROUP, TOPIC, -1, 32, 10_000).extField("pollTime", 10_000).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().heldPops() == 1);

        send(1, "late");

        assertThat(messages(BrokerHarness.await(parked), TOPIC)).extracting(PopRequests::body).containsExactly("late");
    }

    @Test
    void aParkedPopTimesOutWithPollingTimeout() {
        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 10_000)
                .extField("pollTime", 200).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.POLLING_TIMEOUT);
    }

    @Test
    void tagFilteredPopsSkipOtherTags() {
        broker.call(Requests.sendV2(TOPIC, 0, "red", "TagA"));
        broker.call(Requests.sendV2(TOPIC, 0, "blue", "TagB"));

        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 10_000).extField("exp", "TagB").build());

        assertThat(messages(answer, TOPIC)).extracting(PopRequests::body).containsExactly("blue");
    }

    void send(int queueId, String... bodies) {
        for (String text : bodies) {
            assertThat(broker.call(Requests.sendV2(TOPIC, queueId, text, null)).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    List<StoredMessage> popNow() {
        return popNow(60_000);
    }

    List<StoredMessage> popNow(long invisibleMillis) {
        return messages(broker.call(PopRequests.pop(GROUP, TOPIC, -1, 32, invisibleMillis).build()), TOPIC);
    }

    /** Pops for a while; what came. */
    List<StoredMessage> popAfter(Duration window) {
        List<StoredMessage> found = new ArrayList<>();
        long end = System.currentTimeMillis() + window.toMillis();
        while (System.currentTimeMillis() < end) {
            found.addAll(messages(broker.call(PopRequests.pop(GROUP, TOPIC, -1, 32, 60_000)
                    .extField("pollTime", 50).build()), TOPIC));
        }
        return found;
    }

    StoredMessage awaitPop() {
        return await().atMost(Duration.ofSeconds(5)).until(this::popNow, found -> !found.isEmpty()).get(0);
    }

    List<StoredMessage> pullAll(String topic) {
        RemotingCommand answer = broker.call(Requests.pull("reader", topic, 0, 0, "*"));
        return answer.code() == ResponseCode.SUCCESS
                ? dev.wharf.message.StoredMessageCodec.decodeAll(answer.body()) : List.of();
    }

    static StoredMessage withReceipt(StoredMessage message, String receipt) {
        java.util.Map<String, String> properties = new java.util.HashMap<>(message.properties());
        properties.put(MessageProperties.POP_CK, receipt);
        return new StoredMessage(message.totalSize(), message.magic(), message.bodyCrc(), message.queueId(),
                message.flag(), message.queueOffset(), message.commitLogOffset(), message.sysFlag(),
                message.bornTimestamp(), message.bornHost(), message.storeTimestamp(), message.storeHost(),
                message.reconsumeTimes(), message.preparedTransactionOffset(), message.body(), message.topic(),
                properties);
    }
}
