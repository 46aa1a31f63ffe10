package dev.wharf.broker;

import static dev.wharf.broker.PopRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopFifoTest extends PopTestBase {

    private static final String TOPIC = "ledger";
    private static final String GROUP = "auditors";

    @BeforeEach
    void createTopic() {
        broker.broker().topics().create(TOPIC, 1, TopicMessageType.FIFO);
        for (int i = 0; i < 5; i++) {
            broker.call(Requests.sendV2(TOPIC, 0, "m" + i, null));
        }
    }

    @Test
    void aQueueIsBlockedWhileItsBatchIsInvisibleAndAnAckedBatchLetsTheNextOneThrough() {
        RemotingCommand first = pop(GROUP, 2, 60_000, "attempt-1");

        assertThat(first.extField("reviveQid")).isEqualTo("999");
        assertThat(first.extField("orderCountInfo")).contains("0 qo0%0 0", "0 qo0%1 0");
        assertThat(bodies(first)).containsExactly("m0", "m1");
        assertThat(pop(GROUP, 2, 60_000, "attempt-2").code()).isEqualTo(ResponseCode.POLLING_TIMEOUT);

        messages(first, TOPIC).forEach(message -> broker.call(PopRequests.ack(GROUP, TOPIC, message)));

        assertThat(bodies(pop(GROUP, 2, 60_000, "attempt-3"))).containsExactly("m2", "m3");
        assertThat(broker.call(Requests.queryOffset(GROUP, TOPIC, 0)).extField("offset")).isEqualTo("2");
    }

    @Test
    void aRepeatedAttemptIdGetsTheSameBatchAgain() {
        List<String> first = bodies(pop(GROUP, 2, 60_000, "attempt-1"));

        RemotingCommand again = pop(GROUP, 2, 60_000, "attempt-1");

        assertThat(bodies(again)).isEqualTo(first);
        assertThat(again.extField("orderCountInfo")).contains("0 qo0%0 0");
    }

    @Test
    void anExpiredBatchIsDeliveredAgainInOrderWithOneMoreDelivery() {
        pop(GROUP, 2, 100, "attempt-1");

        RemotingCommand again = await().atMost(Duration.ofSeconds(5))
                .until(() -> pop(GROUP, 2, 60_000, "attempt-2"), answer -> answer.code() == ResponseCode.SUCCESS);

        List<StoredMessage> redelivered = messages(again, TOPIC);
        assertThat(redelivered).extracting(PopRequests::body).containsExactly("m0", "m1");
        assertThat(redelivered).extracting(StoredMessage::reconsumeTimes).containsExactly(1, 1);
    }

    @Test
    void aPartlyAckedExpiredBatchResumesAtItsFirstUnackedMessage() {
        RemotingCommand first = pop(GROUP, 3, 100, "attempt-1");
        broker.call(PopRequests.ack(GROUP, TOPIC, messages(first, TOPIC).get(0)));
        broker.call(PopRequests.ack(GROUP, TOPIC, messages(first, TOPIC).get(2)));

        RemotingCommand again = await().atMost(Duration.ofSeconds(5))
                .until(() -> pop(GROUP, 3, 60_000, "attempt-2"), answer -> answer.code() == ResponseCode.SUCCESS);

        // m1 is delivered the second time; m2 was acked; m3 is new.
        assertThat(bodies(again)).containsExactly("m1", "m3");
        assertThat(messages(again, TOPIC)).extracting(StoredMessage::reconsumeTimes).containsExactly(1, 0);
    }

    @Test
    void aMessageDeliveredTooOftenGoesToTheDeadLetterQueueAndTheQueueMovesOn() {
        broker.broker().groups().put(broker.broker().groups().ensure(GROUP).withRetryMaxTimes(1));
        pop(GROUP, 1, 50, "a1");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> pop(GROUP, 1, 50, "a2"), answer -> answer.code() == ResponseCode.SUCCESS);

        RemotingCommand next = await().atMost(Duration.ofSeconds(5))
                .until(() -> pop(GROUP, 1, 60_000, "a3"), answer -> answer.code() == ResponseCode.SUCCESS);

        assertThat(bodies(next)).containsExactly("m1");
        RemotingCommand dead = broker.call(Requests.pull("reader", "%DLQ%" + GROUP, 0, 0, "*"));
        assertThat(StoredMessageCodec.decodeAll(dead.body())).extracting(PopRequests::body).containsExactly("m0");
    }

    @Test
    void changingTheInvisibleTimeOfAFifoMessageMovesWhenTheBatchComesBack() {
        RemotingCommand first = pop(GROUP, 1, 60_000, "attempt-1");
        RemotingCommand changed = broker.call(
                PopRequests.changeInvisibleTime(GROUP, TOPIC, messages(first, TOPIC).get(0), 50));
        assertThat(changed.extField("reviveQid")).isEqualTo("999");

        RemotingCommand again = await().atMost(Duration.ofSeconds(5))
                .until(() -> pop(GROUP, 1, 60_000, "attempt-2"), answer -> answer.code() == ResponseCode.SUCCESS);

        assertThat(bodies(again)).containsExactly("m0");
    }

    @Test
    void everyGroupGetsTheWholeQueueInOrder() {
        for (String group : List.of("g1", "g2", "g3")) {
            List<String> received = new ArrayList<>();
            while (received.size() < 5) {
                RemotingCommand answer = pop(group, 2, 60_000, null);
                assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
                messages(answer, TOPIC).forEach(message -> {
                    received.add(PopRequests.body(message));
                    broker.call(PopRequests.ack(group, TOPIC, message));
                });
            }
            assertThat(received).as(group).containsExactly("m0", "m1", "m2", "m3", "m4");
        }
    }

    @Test
    void aBlockedQueueStaysBlockedAcrossARestart() {
        pop(GROUP, 2, 60_000, "attempt-1");

        broker.restart();

        assertThat(pop(GROUP, 2, 60_000, "attempt-2").code()).isEqualTo(ResponseCode.POLLING_TIMEOUT);
        assertThat(bodies(pop(GROUP, 2, 60_000, "attempt-1"))).containsExactly("m0", "m1");
    }

    private RemotingCommand pop(String group, int max, long invisibleMillis, String attemptId) {
        RemotingCommand.Builder pop = PopRequests.pop(group, TOPIC, 0, max, invisibleMillis).extField("order", true);
        if (attemptId != null) {
            pop.extField("attemptId", attemptId);
        }
        return broker.call(pop.build());
    }

    private static List<String> bodies(RemotingCommand answer) {
        return messages(answer, TOPIC).stream().map(PopRequests::body).toList();
    }
}
