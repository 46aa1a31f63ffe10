package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void routeIsStandardJsonWithOneMasterAtTheAddressTheClientReached() throws IOException {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 8, TopicMessageType.NORMAL);
            TestConnection client = new TestConnection(
                    new InetSocketAddress("127.0.0.1", 50123), new InetSocketAddress("127.0.0.7", 9876));

            RemotingCommand answer = broker.call(client, Requests.route("orders"));

            assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            assertThat(body).contains("\"brokerAddrs\":{\"0\":\"127.0.0.7:9876\"}");
            JsonNode route = JSON.readTree(body);
            JsonNode broker0 = route.path("brokerDatas").get(0);
            assertThat(broker0.path("brokerName").asText()).isEqualTo("broker-a");
            assertThat(broker0.path("cluster").asText()).isEqualTo("DefaultCluster");
            assertThat(broker0.path("enableActingMaster").asBoolean(true)).isFalse();
            JsonNode queues = route.path("queueDatas").get(0);
            assertThat(queues.path("brokerName").asText()).isEqualTo("broker-a");
            assertThat(queues.path("perm").asInt()).isEqualTo(6);
            assertThat(queues.path("readQueueNums").asInt()).isEqualTo(8);
            assertThat(queues.path("writeQueueNums").asInt()).isEqualTo(8);
            assertThat(queues.path("topicSysFlag").asInt(-1)).isZero();
            assertThat(route.path("filterServerTable").isObject()).isTrue();
            assertThat(route.has("orderTopicConf")).isFalse();
        }
    }

    @Test
    void configuredAdvertisedAddressWinsOverTheConnection() throws IOException {
        try (BrokerHarness broker = BrokerHarness.start(dir, config -> config.withAdvertisedAddress("203.0.113.7:8080"))) {
            RemotingCommand answer = broker.call(Requests.route("TBW102"));

            JsonNode route = JSON.readTree(answer.body());
            assertThat(route.path("brokerDatas").get(0).path("brokerAddrs").path("0").asText())
                    .isEqualTo("203.0.113.7:8080");
        }
    }

    @Test
    void unknownTopicIsTopicNotExistWithTheNameServersRemark() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            RemotingCommand answer = broker.call(Requests.route("missing"));

            assertThat(answer.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(answer.remark()).isEqualTo("No topic route info in name server for the topic: missing");
        }
    }

    @Test
    void autoCreateKeyTopicExistsOnlyWhenAutoCreationIsOn() {
        try (BrokerHarness on = BrokerHarness.start(dir.resolve("on"))) {
            assertThat(on.call(Requests.route("TBW102")).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        try (BrokerHarness off = BrokerHarness.start(dir.resolve("off"), config -> config.withAutoCreateTopics(false))) {
            assertThat(off.call(Requests.route("TBW102")).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        }
    }

    @Test
    void aGroupsRetryTopicResolvesOnItsFirstLookup() throws IOException {
        try (BrokerHarness broker = BrokerHarness.start(dir, config -> config.withAutoCreateTopics(false))) {
            RemotingCommand answer = broker.call(Requests.route("%RETRY%billing"));

            assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(JSON.readTree(answer.body()).path("queueDatas").get(0).path("readQueueNums").asInt()).isEqualTo(1);
            assertThat(broker.broker().groups().get("billing")).isPresent();
        }
    }
}
