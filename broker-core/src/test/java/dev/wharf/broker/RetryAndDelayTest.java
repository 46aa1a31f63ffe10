package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryAndDelayTest extends BrokerTestBase {

    @BeforeEach
    void createTopics() {
        broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
        broker.broker().topics().create("reminders", 1, TopicMessageType.DELAY);
    }

    @Test
    void aDelayedMessageWaitsInTheScheduleQueueThenReachesItsTopic() {
        RemotingCommand sent = broker.call(delayed("delayed", 3));

        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(sent.extField("queueId")).isEqualTo("0");
        assertThat(pullAll("reminders")).isEmpty();
        StoredMessage delivered = await().atMost(Duration.ofSeconds(5))
                .until(() -> pullAll("reminders"), messages -> !messages.isEmpty()).get(0);
        assertThat(new String(delivered.body(), StandardCharsets.UTF_8)).isEqualTo("delayed");
        assertThat(delivered.property(MessageProperties.DELAY_TIME_LEVEL)).isNull();
        assertThat(delivered.property(MessageProperties.REAL_TOPIC)).isEqualTo("reminders");
        assertThat(delivered.storeTimestamp() - delivered.bornTimestamp()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void deliveredDelayedMessagesAreNotDeliveredAgainAfterARestart() {
        broker.call(delayed("first", 1));
        awaitFirst("reminders");

        broker.restart();
        broker.call(delayed("second", 1));

        List<StoredMessage> delivered = await().atMost(Duration.ofSeconds(5))
                .until(() -> pullAll("reminders"), messages -> messages.size() >= 2);
        assertThat(delivered).extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                .containsExactly("first", "second");
    }

    @Test
    void sendBackGoesToTheGroupsRetryTopicWithOneMoreReconsume() {
        StoredMessage original = sendAndPull("fails once");

        RemotingCommand back = broker.call(Requests.sendBack(original.commitLogOffset(), "billing", 0, "orders"));

        assertThat(back.code()).isEqualTo(ResponseCode.SUCCESS);
        StoredMessage retry = awaitFirst("%RETRY%billing");
        assertThat(retry.reconsumeTimes()).isEqualTo(1);
        assertThat(retry.property(MessageProperties.RETRY_TOPIC)).isEqualTo("orders");
        assertThat(retry.property(MessageProperties.ORIGIN_MESSAGE_ID)).isEqualTo(original.offsetMessageId());
        assertThat(retry.body()).isEqualTo(original.body());
        assertThat(retry.bornTimestamp()).isEqualTo(original.bornTimestamp());
        // Level 3 + reconsumeTimes 0 = the third short level, 300 ms.
        assertThat(retry.storeTimestamp() - original.storeTimestamp()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void sendBackPastTheMaximumGoesToTheDeadLetterQueue() {
        StoredMessage original = sendAndPull("always fails");
        broker.call(Requests.sendBack(original.commitLogOffset(), "billing", 1, "orders")
                .toBuilder().extField("maxReconsumeTimes", 1).build());
        StoredMessage retry = awaitFirst("%RETRY%billing");

        RemotingCommand back = broker.call(Requests.sendBack(retry.commitLogOffset(), "billing", 1, "orders")
                .toBuilder().extField("maxReconsumeTimes", 1).build());

        assertThat(back.code()).isEqualTo(ResponseCode.SUCCESS);
        StoredMessage dead = awaitFirst("%DLQ%billing");
        assertThat(dead.reconsumeTimes()).isEqualTo(2);
        assertThat(dead.property(MessageProperties.RETRY_TOPIC)).isEqualTo("orders");
        assertThat(dead.property(MessageProperties.ORIGIN_MESSAGE_ID)).isEqualTo(original.offsetMessageId());
        assertThat(dead.property(MessageProperties.DELAY_TIME_LEVEL)).isNull();
    }

    @Test
    void aNegativeDelayLevelSkipsRetriesAltogether() {
        StoredMessage original = sendAndPull("poison");

        broker.call(Requests.sendBack(original.commitLogOffset(), "billing", -1, "orders"));

        assertThat(awaitFirst("%DLQ%billing").reconsumeTimes()).isEqualTo(1);
    }

    @Test
    void theGroupsRetryLimitAppliesWhenTheConsumerSendsNone() {
        broker.broker().groups().put(broker.broker().groups().create("strict").withRetryMaxTimes(0));
        StoredMessage original = sendAndPull("strict");

        broker.call(Requests.sendBack(original.commitLogOffset(), "strict", 0, "orders"));

        assertThat(awaitFirst("%DLQ%strict").reconsumeTimes()).isEqualTo(1);
    }

    @Test
    void aDirectSendToARetryTopicPastItsLimitLandsInTheDeadLetterQueue() {
        RemotingCommand direct = Requests.sendV2("%RETRY%billing", 0, "fallback", null).toBuilder()
                .extField("j", 3)
                .extField("l", 2)
                .build();

        RemotingCommand sent = broker.call(direct);

        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(pullAll("%DLQ%billing")).extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                .containsExactly("fallback");
        assertThat(broker.broker().topics().get("%RETRY%billing")).isPresent();
    }

    @Test
    void sendBackOfAnUnknownOffsetIsASystemError() {
        RemotingCommand back = broker.call(Requests.sendBack(1_000_000, "billing", 0, "orders"));

        assertThat(back.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(back.remark()).isEqualTo("look message by offset failed, 1000000");
    }

    private static RemotingCommand delayed(String body, int level) {
        Map<String, String> properties = Requests.properties(null, "UNIQ-" + body);
        properties.put(MessageProperties.DELAY_TIME_LEVEL, Integer.toString(level));
        return Requests.sendV2("reminders", 0, body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private StoredMessage sendAndPull(String body) {
        broker.call(Requests.sendV2("orders", 0, body, "TagA"));
        return pullAll("orders").get(0);
    }

    private StoredMessage awaitFirst(String topic) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> pullAll(topic), messages -> !messages.isEmpty()).get(0);
    }

    private List<StoredMessage> pullAll(String topic) {
        RemotingCommand pulled = broker.call(Requests.pull("reader", topic, 0, 0, "*"));
        return pulled.code() == ResponseCode.SUCCESS ? StoredMessageCodec.decodeAll(pulled.body()) : List.of();
    }
}
