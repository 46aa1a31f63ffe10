package dev.wharf.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopicRouteTest {

    /** As fastjson writes it for an old client: broker ids unquoted. */
    static final String LEGACY_ROUTE = """
            {"queueDatas":[{"brokerName":"broker-a","readQueueNums":4,"writeQueueNums":4,"perm":6,"topicSysFlag":0},
              {"brokerName":"broker-b","readQueueNums":2,"writeQueueNums":2,"perm":6,"topicSysFlag":0}],
             "brokerDatas":[{"cluster":"c1","brokerName":"broker-a","brokerAddrs":{0:"10.0.0.5:10911",1:"10.0.0.6:10911"}},
              {"cluster":"c1","brokerName":"broker-b","brokerAddrs":{1:"10.0.0.8:10911"}}],
             "filterServerTable":{}}
            """;

    @Test
    void readsUnquotedBrokerIdsAndFindsTheMasters() {
        TopicRoute route = TopicRoute.parse("orders", bytes(LEGACY_ROUTE));

        assertThat(route.masters()).as("broker-b has only a slave").containsExactly(
                java.util.Map.entry("broker-a", "10.0.0.5:10911"));
    }

    @Test
    void advertisesTheGatewayForEveryAddressAndKeepsEverythingElse() throws Exception {
        TopicRoute route = TopicRoute.parse("orders", bytes(LEGACY_ROUTE));

        JsonNode advertised = RouteJson.MAPPER.readTree(route.advertising("192.168.1.7:8080"));

        assertThat(advertised.path("brokerDatas").findValuesAsText("brokerName")).containsExactly("broker-a", "broker-b");
        assertThat(advertised.path("brokerDatas").get(0).path("brokerAddrs").toString())
                .isEqualTo("{\"0\":\"192.168.1.7:8080\",\"1\":\"192.168.1.7:8080\"}");
        assertThat(advertised.path("brokerDatas").get(1).path("brokerAddrs").toString())
                .isEqualTo("{\"1\":\"192.168.1.7:8080\"}");
        assertThat(advertised.path("queueDatas")).isEqualTo(RouteJson.read(bytes(LEGACY_ROUTE), "route").path("queueDatas"));
        assertThat(route.masters()).as("the cached route is not changed").containsValue("10.0.0.5:10911");
    }

    @Test
    void sendableQueuesAlternateBetweenBrokersAndLeaveOutBrokersWithoutAMasterOrWritePermission() {
        TopicRoute route = TopicRoute.parse("orders", bytes("""
                {"queueDatas":[{"brokerName":"broker-b","readQueueNums":2,"writeQueueNums":2,"perm":6},
                  {"brokerName":"broker-a","readQueueNums":3,"writeQueueNums":3,"perm":6},
                  {"brokerName":"broker-c","readQueueNums":4,"writeQueueNums":4,"perm":4},
                  {"brokerName":"broker-d","readQueueNums":4,"writeQueueNums":4,"perm":6}],
                 "brokerDatas":[{"brokerName":"broker-a","brokerAddrs":{"0":"10.0.0.5:10911"}},
                  {"brokerName":"broker-b","brokerAddrs":{"0":"10.0.0.6:10911"}},
                  {"brokerName":"broker-c","brokerAddrs":{"0":"10.0.0.7:10911"}},
                  {"brokerName":"broker-d","brokerAddrs":{"1":"10.0.0.8:10911"}}]}
                """));

        assertThat(route.writableQueues()).containsExactly(
                new BrokerQueue("broker-a", 0), new BrokerQueue("broker-b", 0),
                new BrokerQueue("broker-a", 1), new BrokerQueue("broker-b", 1),
                new BrokerQueue("broker-a", 2));
        assertThat(route.readableBrokers()).as("broker-d has no master").containsExactly("broker-a", "broker-b", "broker-c");
    }

    @Test
    void aBodyThatIsNoRouteIsRefusedNamingTheTopic() {
        assertThatThrownBy(() -> TopicRoute.parse("orders", bytes("[1, 2]")))
                .hasMessage("the NameServer's route of orders is not a JSON object");
        assertThatThrownBy(() -> TopicRoute.parse("orders", bytes("{\"queueDatas\":[]}")))
                .hasMessage("the NameServer's route of orders has no brokerDatas");
        assertThatThrownBy(() -> TopicRoute.parse("orders", bytes("{\"brokerDatas\":")))
                .hasMessageStartingWith("the NameServer's route of orders is not JSON: ");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
