package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every POP request the broker refuses, with RocketMQ's code and a remark naming the problem. */
class PopBadInputTest extends BrokerTestBase {

    private static final String RECEIPT = "0 1700000000000 60000 0 0 broker-a 0 0";

    @BeforeEach
    void createTopic() {
        broker.broker().topics().create("orders", 2, TopicMessageType.NORMAL);
        broker.call(Requests.sendV2("orders", 0, "only", null));
    }

    @Test
    void aPopOfAnUnknownTopicIsTopicNotExist() {
        assertRefused(PopRequests.pop("g", "nowhere", -1, 32, 1000).build(), ResponseCode.TOPIC_NOT_EXIST, "nowhere");
    }

    @Test
    void aPopOfMoreThan32OrFewerThanOneMessagesIsAnInvalidParameter() {
        assertRefused(PopRequests.pop("g", "orders", -1, 33, 1000).build(), ResponseCode.INVALID_PARAMETER, "33");
        assertRefused(PopRequests.pop("g", "orders", -1, 0, 1000).build(), ResponseCode.INVALID_PARAMETER, "num");
    }

    @Test
    void aPopOfAQueueTheTopicDoesNotHaveIsAnInvalidParameter() {
        assertRefused(PopRequests.pop("g", "orders", 2, 32, 1000).build(), ResponseCode.INVALID_PARAMETER, "queueId 2");
    }

    @Test
    void aSql92PopIsASubscriptionParseFailure() {
        assertRefused(PopRequests.pop("g", "orders", -1, 32, 1000).extField("expType", "SQL92").extField("exp", "a > 1")
                .build(), ResponseCode.SUBSCRIPTION_PARSE_FAILED, "SQL92");
    }

    @Test
    void aPopArrivingLongAfterItsPollTimeIsPollingTimeout() {
        RemotingCommand answer = broker.call(PopRequests.pop("g", "orders", -1, 32, 1000)
                .extField("bornTime", System.currentTimeMillis() - 10_000).extField("pollTime", 1000).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.POLLING_TIMEOUT);
        assertThat(answer.remark()).contains("timeout too much");
        assertThat(answer.extFields()).containsKeys("popTime", "invisibleTime", "reviveQid", "restNum");
    }

    @Test
    void anAckOfAnUnknownTopicIsTopicNotExist() {
        assertRefused(ack("nowhere", 0, 0, RECEIPT), ResponseCode.TOPIC_NOT_EXIST, "nowhere");
    }

    @Test
    void anAckOfAQueueTheTopicDoesNotHaveIsMessageIllegal() {
        assertRefused(ack("orders", 5, 0, RECEIPT), ResponseCode.MESSAGE_ILLEGAL, "queueId[5]");
    }

    @Test
    void anAckOfAnOffsetOutsideTheQueueIsNoMessage() {
        assertRefused(ack("orders", 0, 99, RECEIPT), ResponseCode.NO_MESSAGE, "99");
    }

    @Test
    void anAckWithAMalformedReceiptIsAnInvalidParameter() {
        assertRefused(ack("orders", 0, 0, "12 abc"), ResponseCode.INVALID_PARAMETER, "12 abc");
    }

    @Test
    void anAckOfAMessageNotInFlightSucceedsAndChangesNothing() {
        assertThat(broker.call(ack("orders", 0, 0, RECEIPT)).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void anEmptyBatchAckIsNoMessage() {
        assertRefused(RemotingCommand.request(RequestCode.BATCH_ACK_MESSAGE)
                .body("{\"acks\":[]}".getBytes(StandardCharsets.UTF_8)).build(), ResponseCode.NO_MESSAGE, "no acks");
    }

    @Test
    void aChangeOfInvisibleTimeOfAnUnknownTopicIsTopicNotExist() {
        assertRefused(RemotingCommand.request(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)
                .extField("consumerGroup", "g").extField("topic", "nowhere").extField("queueId", 0)
                .extField("extraInfo", RECEIPT).extField("offset", 0).extField("invisibleTime", 1000).build(),
                ResponseCode.TOPIC_NOT_EXIST, "nowhere");
    }

    @Test
    void aRequestModeForARetryTopicAnUnknownTopicOrAnUnknownGroupIsRefused() {
        broker.broker().groups().ensure("g");
        assertRefused(mode("%RETRY%g", "g"), ResponseCode.NO_PERMISSION, "retry topic");
        assertRefused(mode("nowhere", "g"), ResponseCode.TOPIC_NOT_EXIST, "nowhere");
        assertRefused(mode("orders", "nobody"), ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "nobody");
    }

    private void assertRefused(RemotingCommand request, int code, String remarkPart) {
        RemotingCommand answer = broker.call(request);
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.remark()).contains(remarkPart);
    }

    private static RemotingCommand ack(String topic, int queueId, long offset, String receipt) {
        return RemotingCommand.request(RequestCode.ACK_MESSAGE)
                .extField("consumerGroup", "g").extField("topic", topic).extField("queueId", queueId)
                .extField("extraInfo", receipt).extField("offset", offset).build();
    }

    private static RemotingCommand mode(String topic, String group) {
        String body = "{\"topic\":\"" + topic + "\",\"consumerGroup\":\"" + group + "\",\"mode\":\"POP\"}";
        return RemotingCommand.request(RequestCode.SET_MESSAGE_REQUEST_MODE)
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
    }
}
