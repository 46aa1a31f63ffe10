package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdminCommandsTest extends BrokerTestBase {

    private static RemotingCommand.Builder createTopic(String topic, int read, int write) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .extField("topic", topic)
                .extField("defaultTopic", "TBW102")
                .extField("readQueueNums", read)
                .extField("writeQueueNums", write)
                .extField("perm", 6)
                .extField("topicFilterType", "SINGLE_TAG")
                .extField("topicSysFlag", 0)
                .extField("order", false);
    }

    /** GET_TOPIC_CONFIG as {@code examineTopicConfig} sends it, asking for the static-topic mapping too. */
    static RemotingCommand getTopicConfig(String topic) {
        return RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).extField("topic", topic).extField("lo", true)
                .build();
    }

    @Test
    void updateTopicCreatesItWithTheMessageTypeAttribute() {
        RemotingCommand answer = broker.call(createTopic("fifo", 8, 4).extField("attributes", "+message.type=FIFO").build());

        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        TopicConfig topic = broker.broker().topics().get("fifo").orElseThrow();
        assertThat(topic.readQueueNums()).isEqualTo(8);
        assertThat(topic.writeQueueNums()).isEqualTo(4);
        assertThat(topic.messageType()).isEqualTo(TopicMessageType.FIFO);
    }

    @Test
    void updatingWithoutAttributesKeepsTheType() {
        broker.broker().topics().create("delayed", 1, TopicMessageType.DELAY);

        broker.call(createTopic("delayed", 2, 2).build());

        assertThat(broker.broker().topics().get("delayed").orElseThrow().messageType()).isEqualTo(TopicMessageType.DELAY);
    }

    @Test
    void unsupportedAttributesAndBadQueueCountsAreInvalid() {
        RemotingCommand attribute = broker.call(createTopic("t", 1, 1).extField("attributes", "+queue.type=BatchCQ").build());
        RemotingCommand type = broker.call(createTopic("t", 1, 1).extField("attributes", "+message.type=LOUD").build());
        RemotingCommand queues = broker.call(createTopic("t", 0, 1).build());
        RemotingCommand reserved = broker.call(createTopic("TBW102", 1, 1).build());

        assertThat(attribute.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(attribute.remark()).contains("queue.type");
        assertThat(type.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(type.remark()).contains("LOUD");
        assertThat(queues.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(reserved.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(broker.broker().topics().get("t")).isEmpty();
    }

    @Test
    void deletingATopicDropsItsRouteMessagesAndOffsets() {
        broker.broker().topics().create("gone", 1, TopicMessageType.NORMAL);
        broker.call(Requests.sendV2("gone", 0, "a", null));
        broker.call(Requests.updateOffset("billing", "gone", 0, 1));

        RemotingCommand deleted = broker.call(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER)
                .extField("topic", "gone").build());
        RemotingCommand fromNameServer = broker.call(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV)
                .extField("topic", "gone").extField("clusterName", "DefaultCluster").build());

        assertThat(deleted.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fromNameServer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.call(Requests.route("gone")).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        broker.broker().topics().create("gone", 1, TopicMessageType.NORMAL);
        assertThat(broker.call(OffsetsTest.queueOffset(RequestCode.GET_MAX_OFFSET, "gone", 0)).extField("offset"))
                .isEqualTo("0");
        assertThat(broker.call(Requests.queryOffset("billing", "gone", 0).toBuilder()
                .extField("setZeroIfNotFound", false).build()).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void getTopicConfigAnswersTheTopicWithItsMessageTypeAndNoQueueMapping() throws IOException {
        broker.call(createTopic("fifo", 8, 4).extField("perm", 4).extField("attributes", "+message.type=FIFO").build());

        RemotingCommand answer = broker.call(getTopicConfig("fifo"));

        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        JsonNode config = new ObjectMapper().readTree(answer.body());
        assertThat(config.path("topicName").asText()).isEqualTo("fifo");
        assertThat(config.path("readQueueNums").asInt()).isEqualTo(8);
        assertThat(config.path("writeQueueNums").asInt()).isEqualTo(4);
        assertThat(config.path("perm").asInt()).isEqualTo(4);
        assertThat(config.path("attributes").path("message.type").asText()).isEqualTo("FIFO");
        assertThat(config.has("mappingDetail")).isFalse();
    }

    @Test
    void getTopicConfigOfAnUnknownTopicIsTopicNotExistNamingIt() {
        RemotingCommand answer = broker.call(getTopicConfig("missing"));

        assertThat(answer.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(answer.remark()).isEqualTo("No topic in this broker. topic: missing");
    }

    @Test
    void theBrokersOwnTopicsCannotBeDeleted() {
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER)
                .extField("topic", "SCHEDULE_TOPIC_XXXX").build());

        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    }

    @Test
    void deletingAGroupCanDropItsOffsets() {
        broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
        broker.call(Requests.updateOffset("kept", "orders", 0, 3));
        broker.call(Requests.updateOffset("cleaned", "orders", 0, 3));

        broker.call(RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP).extField("groupName", "kept").build());
        broker.call(RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP).extField("groupName", "cleaned")
                .extField("cleanOffset", true).build());

        assertThat(broker.broker().groups().get("kept")).isEmpty();
        assertThat(broker.broker().groups().get("cleaned")).isEmpty();
        assertThat(broker.call(Requests.queryOffset("kept", "orders", 0)).extField("offset")).isEqualTo("3");
        assertThat(broker.call(Requests.queryOffset("cleaned", "orders", 0).toBuilder()
                .extField("setZeroIfNotFound", false).build()).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void aGroupBodyWithoutAGroupNameIsInvalid() {
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body("{\"retryMaxTimes\":3}".getBytes(StandardCharsets.UTF_8)).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    }

    @Test
    void statsOfAnUnknownTopicIsTopicNotExist() {
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO)
                .extField("topic", "missing").build());

        assertThat(answer.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void aGroupWithNobodyOnlineHasNoConnections() {
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .extField("consumerGroup", "nobody").build());

        assertThat(answer.code()).isEqualTo(ResponseCode.CONSUMER_NOT_ONLINE);
    }

    @Test
    void oneGroupsConfigIsItsJsonAndAnUnknownGroupGetsTheDefaults() {
        broker.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body("{\"groupName\":\"fifo\",\"consumeMessageOrderly\":true,\"retryMaxTimes\":5}"
                        .getBytes(StandardCharsets.UTF_8)).build());

        RemotingCommand fifo = broker.call(RemotingCommand.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)
                .extField("group", "fifo").build());
        RemotingCommand fresh = broker.call(RemotingCommand.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)
                .extField("group", "fresh").build());

        assertThat(fifo.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(fifo.body(), StandardCharsets.UTF_8))
                .contains("\"consumeMessageOrderly\":true").contains("\"retryMaxTimes\":5");
        assertThat(new String(fresh.body(), StandardCharsets.UTF_8))
                .contains("\"groupName\":\"fresh\"").contains("\"consumeMessageOrderly\":false")
                .contains("\"retryMaxTimes\":16");
    }
}
