package dev.wharf.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode's processor against an in-memory cluster: NameServer {@value #NS_DOWN} cannot be reached,
 * {@value #NS_UP} knows the topic {@code orders} on broker-a ({@value #BROKER_A}) and broker-b ({@value #BROKER_B}).
 */
class ClusterRequestsTest {

    static final String NS_DOWN = "10.0.0.1:9876";
    static final String NS_UP = "10.0.0.2:9876";
    static final String BROKER_A = "10.0.0.5:10911";
    static final String BROKER_B = "10.0.0.6:10911";
    /** Where the client reached the gateway. */
    static final String GATEWAY = "192.168.1.7:8080";

    private final FakeCluster network = new FakeCluster();
    private final ProcessorTable listener = new ProcessorTable();
    private final RequestContext client = new RequestContext(
            new TestConnection(new InetSocketAddress("127.0.0.1", 50_000), new InetSocketAddress("192.168.1.7", 8080)),
            0L);

    ClusterRequestsTest() {
        network.answer(NS_UP, ClusterRequestsTest::nameServer);
        network.answer(BROKER_A, request -> broker(BROKER_A, request));
        network.answer(BROKER_B, request -> broker(BROKER_B, request));
        listener.registerDefaultProcessor(ClusterRequests.create(network,
                ClusterSettings.defaults().withNameServers(List.of(NS_DOWN, NS_UP))), Runnable::run);
    }

    @Test
    void aRouteAdvertisesTheAddressTheClientReachedAndComesFromTheNameServerOnce() {
        RemotingCommand first = route("orders");
        RemotingCommand second = route("orders");

        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
        JsonNode brokers = RouteJson.read(first.body(), "answer").path("brokerDatas");
        assertThat(brokers.findValuesAsText("brokerName")).containsExactly("broker-a", "broker-b");
        assertThat(brokers.findValues("brokerAddrs").stream().map(JsonNode::toString))
                .containsOnly("{\"0\":\"" + GATEWAY + "\"}");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(network.addressesSentTo(RequestCode.GET_ROUTEINFO_BY_TOPIC))
                .as("the unreachable NameServer is skipped, the second answer is cached").containsExactly(NS_DOWN, NS_UP);
        assertThat(network.sent().get(1).request().extField("acceptStandardJsonOnly")).isEqualTo("true");
    }

    @Test
    void anUnknownTopicGetsTheNameServersAnswerEveryTime() {
        RemotingCommand first = route("nowhere");
        route("nowhere");

        assertThat(first.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(first.remark()).isEqualTo("No topic route info in name server for the topic: nowhere");
        assertThat(network.addressesSentTo(RequestCode.GET_ROUTEINFO_BY_TOPIC)).containsExactly(NS_DOWN, NS_UP, NS_UP);
    }

    @Test
    void noNameServerAnsweringIsServiceNotAvailableNamingEach() {
        network.disconnect(NS_UP);

        RemotingCommand answer = route("orders");

        assertThat(answer.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(answer.remark()).startsWith("no NameServer answered GET_ROUTEINFO_BY_TOPIC: ")
                .contains(NS_DOWN + ": cannot connect", NS_UP + ": cannot connect");
    }

    @Test
    void aCommandGoesToTheMasterOfTheBrokerItNames() {
        RemotingCommand v1 = dispatch(RemotingCommand.request(RequestCode.SEND_MESSAGE).extField("bname", "broker-b"));
        RemotingCommand v2 = dispatch(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).extField("n", "broker-a"));
        RemotingCommand pull = dispatch(RemotingCommand.request(RequestCode.PULL_MESSAGE).extField("bname", "broker-a"));

        assertThat(v1.extField("servedBy")).isEqualTo(BROKER_B);
        assertThat(v2.extField("servedBy")).isEqualTo(BROKER_A);
        assertThat(pull.extField("servedBy")).isEqualTo(BROKER_A);
        assertThat(network.addressesSentTo(RequestCode.GET_BROKER_CLUSTER_INFO)).as("the broker list is cached")
                .containsExactly(NS_DOWN, NS_UP);
    }

    @Test
    void aCommandNamingNoBrokerIsRefusedUnlessEveryBrokerAnswersItAlike() {
        RemotingCommand pull = dispatch(RemotingCommand.request(RequestCode.PULL_MESSAGE).extField("topic", "orders"));
        RemotingCommand consumers = dispatch(
                RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).extField("consumerGroup", "g"));

        assertThat(pull.code()).isEqualTo(ResponseCode.VERSION_NOT_SUPPORTED);
        assertThat(pull.remark()).isEqualTo("PULL_MESSAGE names no broker (header field bname); a Wharf gateway in "
                + "cluster mode needs it, as RocketMQ clients 4.9.5 and later send it");
        assertThat(consumers.extField("servedBy")).isEqualTo(BROKER_A);
    }

    @Test
    void aBrokerNameTheClusterDoesNotKnowIsRefusedAfterAskingAgain() {
        RemotingCommand answer = dispatch(RemotingCommand.request(RequestCode.PULL_MESSAGE).extField("bname", "broker-z"));

        assertThat(answer.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(answer.remark()).startsWith("no broker named 'broker-z' has a master in the cluster; its brokers: ")
                .contains("broker-a", "broker-b");
        assertThat(network.addressesSentTo(RequestCode.GET_BROKER_CLUSTER_INFO)).hasSize(3);
    }

    @Test
    void heartbeatsAndUnregistrationsReachEveryBrokerAndAnswerWithoutHeartbeatV2() {
        RemotingCommand heartbeat = dispatch(RemotingCommand.request(RequestCode.HEART_BEAT).body(new byte[] {'{', '}'}));
        RemotingCommand unregister = dispatch(RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .extField("clientID", "10.0.0.9@1"));

        assertThat(heartbeat.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(heartbeat.extFields()).doesNotContainKeys("IS_SUPPORT_HEART_BEAT_V2", "IS_SUB_CHANGE");
        assertThat(network.addressesSentTo(RequestCode.HEART_BEAT)).containsExactlyInAnyOrder(BROKER_A, BROKER_B);
        assertThat(unregister.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(network.addressesSentTo(RequestCode.UNREGISTER_CLIENT)).containsExactlyInAnyOrder(BROKER_A, BROKER_B);
    }

    @Test
    void heartbeatsUnregistrationsAndForwardedCommandsGoOnBehalfOfTheClientsConnection() {
        dispatch(RemotingCommand.request(RequestCode.HEART_BEAT).body(new byte[] {'{', '}'}));
        dispatch(RemotingCommand.request(RequestCode.UNREGISTER_CLIENT).extField("clientID", "10.0.0.9@1"));
        dispatch(RemotingCommand.request(RequestCode.PULL_MESSAGE).extField("bname", "broker-b"));

        assertThat(network.onBehalfOf()).containsExactlyInAnyOrder(
                new FakeCluster.OnBehalfOf(BROKER_A, RequestCode.HEART_BEAT, client.connection()),
                new FakeCluster.OnBehalfOf(BROKER_B, RequestCode.HEART_BEAT, client.connection()),
                new FakeCluster.OnBehalfOf(BROKER_A, RequestCode.UNREGISTER_CLIENT, client.connection()),
                new FakeCluster.OnBehalfOf(BROKER_B, RequestCode.UNREGISTER_CLIENT, client.connection()),
                new FakeCluster.OnBehalfOf(BROKER_B, RequestCode.PULL_MESSAGE, client.connection()));
    }

    @Test
    void aHeartbeatSucceedsWhileOneBrokerIsDownAndFailsWhenAllAre() {
        network.disconnect(BROKER_A);
        RemotingCommand oneDown = dispatch(RemotingCommand.request(RequestCode.HEART_BEAT));
        network.disconnect(BROKER_B);
        RemotingCommand allDown = dispatch(RemotingCommand.request(RequestCode.HEART_BEAT));

        assertThat(oneDown.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(allDown.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(allDown.remark()).matches("the broker at 10\\.0\\.0\\.[56]:10911 did not answer: cannot connect to .*");
    }

    @Test
    void aBrokerThatCannotBeReachedMakesTheGatewayAskTheNameServersAgain() {
        route("orders");
        network.disconnect(BROKER_A);

        RemotingCommand failed = dispatch(RemotingCommand.request(RequestCode.SEND_MESSAGE).extField("bname", "broker-a"));
        route("orders");

        assertThat(failed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(failed.remark()).startsWith("the broker did not answer: cannot connect to " + BROKER_A);
        assertThat(network.addressesSentTo(RequestCode.GET_ROUTEINFO_BY_TOPIC)).containsExactly(NS_DOWN, NS_UP, NS_DOWN,
                NS_UP);
    }

    private RemotingCommand route(String topic) {
        return dispatch(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", topic));
    }

    private RemotingCommand dispatch(RemotingCommand.Builder request) {
        return listener.dispatch(client, request.opaque(9).build()).join();
    }

    private static RemotingCommand nameServer(RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> "orders".equals(request.extField("topic"))
                    ? json(request, """
                            {"queueDatas":[{"brokerName":"broker-a","readQueueNums":4,"writeQueueNums":4,"perm":6},
                              {"brokerName":"broker-b","readQueueNums":4,"writeQueueNums":4,"perm":6}],
                             "brokerDatas":[{"cluster":"c1","brokerName":"broker-a","brokerAddrs":{"0":"%s"}},
                              {"cluster":"c1","brokerName":"broker-b","brokerAddrs":{"0":"%s"}}]}
                            """.formatted(BROKER_A, BROKER_B))
                    : RemotingCommand.errorResponse(request, ResponseCode.TOPIC_NOT_EXIST,
                            "No topic route info in name server for the topic: " + request.extField("topic"));
            case RequestCode.GET_BROKER_CLUSTER_INFO -> json(request, """
                    {"brokerAddrTable":{"broker-a":{"cluster":"c1","brokerName":"broker-a","brokerAddrs":{0:"%s"}},
                      "broker-b":{"cluster":"c1","brokerName":"broker-b","brokerAddrs":{0:"%s"}}},
                     "clusterAddrTable":{"c1":["broker-a","broker-b"]}}
                    """.formatted(BROKER_A, BROKER_B));
            default -> RemotingCommand.errorResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "not a NameServer's");
        };
    }

    private static RemotingCommand broker(String address, RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("servedBy", address)
                .extField("IS_SUPPORT_HEART_BEAT_V2", request.code() == RequestCode.HEART_BEAT ? "true" : null)
                .extField("IS_SUB_CHANGE", request.code() == RequestCode.HEART_BEAT ? "false" : null)
                .build();
    }

    private static RemotingCommand json(RemotingCommand request, String body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
