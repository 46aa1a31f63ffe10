package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BadInputTest extends BrokerTestBase {

    @Override
    BrokerHarness startHarness(Path dataDir) {
        return BrokerHarness.start(dataDir, config -> config.withAutoCreateTopics(false).withMaxMessageBytes(1024));
    }

    @BeforeEach
    void createTopics() {
        broker.broker().topics().create("orders", 2, TopicMessageType.NORMAL);
    }

    @Test
    void sendToAnUnknownTopicWithoutAutoCreationNamesTheTopic() {
        RemotingCommand answer = broker.call(Requests.sendV2("nowhere", 0, "x", null));

        assertThat(answer.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(answer.remark()).contains("nowhere");
    }

    @Test
    void illegalTopicNamesAreInvalid() {
        RemotingCommand characters = broker.call(Requests.sendV2("no spaces!", 0, "x", null));
        RemotingCommand length = broker.call(Requests.sendV2("t".repeat(128), 0, "x", null));

        assertThat(characters.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(characters.remark()).contains("no spaces!");
        assertThat(length.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(length.remark()).contains("127");
    }

    @Test
    void emptyAndOversizedBodiesAreIllegalMessages() {
        RemotingCommand empty = broker.call(Requests.sendV2("orders", 0, new byte[0], Requests.properties(null, "u")));
        RemotingCommand oversized = broker.call(Requests.sendV2("orders", 0, new byte[1025], Requests.properties(null, "u")));

        assertThat(empty.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(empty.remark()).contains("empty");
        assertThat(oversized.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(oversized.remark()).contains("1025").contains("1024");
    }

    @Test
    void aQueueOutsideTheTopicIsInvalid() {
        RemotingCommand answer = broker.call(Requests.sendV2("orders", 2, "x", null));

        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(answer.remark()).contains("queueId 2");
    }

    @Test
    void halfMessagesOnANormalTopicAreRefusedByTheirType() {
        Map<String, String> properties = Requests.properties(null, "u");
        properties.put(MessageProperties.TRANSACTION_PREPARED, "true");
        RemotingCommand byProperty = broker.call(
                Requests.sendV2("orders", 0, "x".getBytes(StandardCharsets.UTF_8), properties));
        RemotingCommand byFlag = broker.call(Requests.sendV2("orders", 0, "x", null).toBuilder()
                .extField("f", MessageSysFlag.TRANSACTION_PREPARED_TYPE).build());

        assertThat(byProperty.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(byProperty.remark()).contains("actual type is TRANSACTION");
        assertThat(byFlag.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
    }

    @Test
    void aHalfMessageWithoutItsProducerGroupIsRefused() {
        broker.broker().topics().create("payments", 1, TopicMessageType.TRANSACTION);
        RemotingCommand sent = broker.call(Requests.sendV2("payments", 0, "x", null).toBuilder()
                .extField("f", MessageSysFlag.TRANSACTION_PREPARED_TYPE).build());

        assertThat(sent.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(sent.remark()).contains("names no producer group (PGROUP)");
    }

    @Test
    void sendingToTheBrokersOwnTopicsIsForbidden() {
        assertThat(broker.call(Requests.sendV2("SCHEDULE_TOPIC_XXXX", 0, "x", null)).code())
                .isEqualTo(ResponseCode.NO_PERMISSION);
    }

    @Test
    void aMalformedBatchIsAnIllegalMessage() {
        RemotingCommand answer = broker.call(Requests.sendBatch("orders", 0, List.of("a"), null)
                .toBuilder().body(new byte[] {0, 0, 0, 40, 1, 2}).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(answer.remark()).contains("batch");
    }

    @Test
    void missingOrMalformedHeaderFieldsAreInvalidAndNamed() {
        RemotingCommand missing = broker.call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).body(new byte[1]).build());
        RemotingCommand malformed = broker.call(Requests.queryOffset("g", "orders", 0).toBuilder()
                .extField("queueId", "zero").build());

        assertThat(missing.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(missing.remark()).contains("'b'");
        assertThat(malformed.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(malformed.remark()).contains("queueId");
    }

    @Test
    void badOffsetsAreRefused() {
        RemotingCommand negative = broker.call(Requests.updateOffset("g", "orders", 0, -5));
        RemotingCommand unknownTopic = broker.call(Requests.updateOffset("g", "nowhere", 0, 5));
        RemotingCommand badQueue = broker.call(Requests.queryOffset("g", "orders", 9));
        RemotingCommand badView = broker.call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                .extField("offset", -1).build());

        assertThat(negative.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(negative.remark()).contains("-5");
        assertThat(unknownTopic.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(badQueue.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badView.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    }

    @Test
    void malformedJsonBodiesAreInvalidAndNamed() {
        RemotingCommand heartbeat = broker.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body("{not json".getBytes(StandardCharsets.UTF_8)).build());
        RemotingCommand lock = broker.call(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).build());

        assertThat(heartbeat.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(heartbeat.remark()).contains("HeartbeatData");
        assertThat(lock.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(lock.remark()).contains("LockBatchRequestBody");
    }

    @Test
    void sql92ClientsAreToldBeforeTheyStart() {
        String body = "{\"clientId\":\"c@1\",\"group\":\"g\",\"subscriptionData\":{\"expressionType\":\"SQL92\","
                + "\"subString\":\"a > 5\",\"topic\":\"orders\"}}";
        RemotingCommand sql = broker.call(RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(body.getBytes(StandardCharsets.UTF_8)).build());
        RemotingCommand tag = broker.call(RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(body.replace("SQL92", "TAG").getBytes(StandardCharsets.UTF_8)).build());

        assertThat(sql.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertThat(sql.remark()).contains("SQL92");
        assertThat(tag.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void codesWithoutAProcessorAreNotSupported() {
        // Remote broker configuration writes were the vector of CVE-2023-33246: never served.
        assertThat(broker.call(RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG).build()).code())
                .isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    }

    @Test
    void aOnewayRequestGetsNoAnswer() {
        RemotingCommand oneway = Requests.updateOffset("g", "orders", 0, 4).toBuilder().oneway().build();

        assertThat(broker.call(oneway)).isNull();
        assertThat(broker.call(Requests.queryOffset("g", "orders", 0)).extField("offset")).isEqualTo("4");
    }
}
