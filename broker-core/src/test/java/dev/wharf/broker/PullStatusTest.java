package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullStatusTest extends BrokerTestBase {

    @BeforeEach
    void startWithTwoMessagesInQueueZero() {
        broker.broker().topics().create("orders", 2, TopicMessageType.NORMAL);
        broker.call(Requests.sendV2("orders", 0, "a", "TagA"));
        broker.call(Requests.sendV2("orders", 0, "b", "TagA"));
    }

    private RemotingCommand pull(int queueId, long offset, String subscription) {
        return broker.call(Requests.pull("group", "orders", queueId, offset, subscription));
    }

    @Test
    void foundIsSuccess() {
        assertThat(pull(0, 0, "*").code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void theEndOfTheQueueIsNotFoundAndPointsAtItself() {
        RemotingCommand answer = pull(0, 2, "*");

        assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(answer.extField("nextBeginOffset")).isEqualTo("2");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void anOffsetFarBeyondTheEndHasMoved() {
        assertThat(pull(0, 50, "*").code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
    }

    @Test
    void anEmptyQueueIsNotFoundFromZeroAndMovedFromElsewhere() {
        assertThat(pull(1, 0, "*").code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(pull(1, 5, "*").code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
    }

    @Test
    void messagesNoneOfWhichMatchAskForAnImmediateRetryFurtherOn() {
        RemotingCommand answer = pull(0, 0, "TagZ");

        assertThat(answer.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(answer.extField("nextBeginOffset")).isEqualTo("2");
    }

    @Test
    void withoutAnySubscriptionTheGroupIsUnknown() {
        RemotingCommand answer = broker.call(Requests.pull("silent", "orders", 0, 0, 0, null, 0));

        assertThat(answer.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST);
        assertThat(answer.remark()).contains("silent");
    }

    @Test
    void aRegisteredGroupThatDoesNotSubscribeTheTopicHasNoSubscription() {
        broker.call(Requests.heartbeat("c@1", "billing", "other", "*", 100));

        RemotingCommand answer = broker.call(Requests.pull("billing", "orders", 0, 0, 0, null, 0));

        assertThat(answer.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST);
        assertThat(answer.remark()).contains("orders");
    }

    @Test
    void aPullNewerThanTheRegisteredSubscriptionIsNotLatest() {
        broker.call(Requests.heartbeat("c@1", "billing", "orders", "*", 100));

        RemotingCommand answer = broker.call(Requests.pull("billing", "orders", 0, 0, 0, null, 0)
                .toBuilder().extField("subVersion", 200).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_LATEST);
    }

    @Test
    void sql92SubscriptionsAreRefusedAsUnparsable() {
        RemotingCommand answer = broker.call(Requests.pull("group", "orders", 0, 0, "a > 1")
                .toBuilder().extField("expressionType", "SQL92").build());

        assertThat(answer.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertThat(answer.remark()).contains("SQL92");
    }

    @Test
    void unknownTopicAndQueueOutOfRangeAreRefused() {
        assertThat(broker.call(Requests.pull("group", "missing", 0, 0, "*")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        RemotingCommand outOfRange = pull(2, 0, "*");
        assertThat(outOfRange.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(outOfRange.remark()).contains("queueId 2");
    }
}
