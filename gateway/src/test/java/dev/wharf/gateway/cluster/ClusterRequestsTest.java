package dev.wharf.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    void queueLocksGoToTheBrokerOfTheQueuesInTheirBody() {
        RemotingCommand lock = dispatch(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).body(lockBody("broker-b", "broker-b")));
        RemotingCommand unlock = dispatch(RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ).body(lockBody("broker-a")));
        RemotingCommand mixed = dispatch(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                .body(lockBody("broker-a", "broker-b")));
        RemotingCommand garbled = dispatch(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                .body("mqSet".getBytes(StandardCharsets.UTF_8)));

        assertThat(lock.extField("servedBy")).isEqualTo(BROKER_B);
        assertThat(unlock.extField("servedBy")).isEqualTo(BROKER_A);
        assertThat(mixed.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(mixed.remark()).isEqualTo("the LOCK_BATCH_MQ body lists queues of several brokers [broker-a, broker-b]; "
                + "lock each broker's queues apart");
        assertThat(garbled.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(garbled.remark()).startsWith("the LOCK_BATCH_MQ body is not JSON");
    }

    /** A LockBatchRequestBody with queue i of topic orders on the i-th of {@code brokers}. */
    private static byte[] lockBody(String... brokers) {
        StringBuilder queues = new StringBuilder();
        for (int i = 0; i < brokers.length; i++) {
            queues.append(i == 0 ? "" : ",").append("{\"topic\":\"orders\",\"brokerName\":\"").append(brokers[i])
                    .append("\",\"queueId\":").append(i).append('}');
        }
        return ("{\"consumerGroup\":\"g\",\"clientId\":\"c\",\"onlyThisBroker\":false,\"mqSet\":[" + queues + "]}")
                .getBytes(StandardCharsets.UTF_8);
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

    @Test
    void sendsNamingNoBrokerTakeTheRoutesQueuesInTurnAcrossBrokers() {
        for (int i = 0; i < 4; i++) {
            assertThat(dispatch(unnamedSend("orders", null)).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        RemotingCommand v2 = dispatch(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).extField("b", "orders")
                .extField("e", 3));

        assertThat(network.addressesSentTo(RequestCode.SEND_MESSAGE)).containsExactly(BROKER_A, BROKER_B, BROKER_A, BROKER_B);
        assertThat(network.requestsWith(RequestCode.SEND_MESSAGE)).extracting(
                request -> request.extField("bname") + "/" + request.extField("queueId"))
                .containsExactly("broker-a/0", "broker-b/0", "broker-a/1", "broker-b/1");
        assertThat(v2.extField("servedBy")).isEqualTo(BROKER_A);
        assertThat(network.requestsWith(RequestCode.SEND_MESSAGE_V2)).singleElement().satisfies(request -> assertThat(
                request.extFields()).containsEntry("n", "broker-a").containsEntry("bname", "broker-a").containsEntry("e", "2"));
    }

    @Test
    void aSendABrokerProvablyDidNotStoreGoesOnceToAnotherBroker() {
        network.disconnect(BROKER_A);
        RemotingCommand refused = dispatch(unnamedSend("orders", null));
        network.answer(BROKER_A, request -> RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_BUSY, "busy"));
        dispatch(unnamedSend("orders", null));
        RemotingCommand busy = dispatch(unnamedSend("orders", null));

        assertThat(refused.extField("servedBy")).as("connection refused by broker-a").isEqualTo(BROKER_B);
        assertThat(refused.extField("bname")).as("the answer names the broker that stored it").isEqualTo("broker-b");
        assertThat(busy.extField("servedBy")).as("broker-a busy").isEqualTo(BROKER_B);
        assertThat(network.addressesSentTo(RequestCode.SEND_MESSAGE))
                .containsExactly(BROKER_A, BROKER_B, BROKER_B, BROKER_A, BROKER_B);
    }

    @Test
    void aSendThatMayHaveBeenStoredIsNotSentAgain() {
        network.answer(BROKER_A, request -> RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR, "disk"));

        RemotingCommand answer = dispatch(unnamedSend("orders", null));

        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(network.addressesSentTo(RequestCode.SEND_MESSAGE)).containsExactly(BROKER_A);
        assertThat(UnnamedSends.notStored(null, new java.util.concurrent.CompletionException(
                new dev.wharf.transport.spi.RemotingTimeoutException("no answer in 3 s")))).isFalse();
    }

    @Test
    void aFifoGroupKeepsItsQueueAndIsNeverSentElsewhere() {
        String group = "order-42";
        BrokerQueue expected = UnnamedSends.queueOfGroup(
                TopicRoute.parse("orders", ordersRoute()).writableQueues(), group);
        dispatch(unnamedSend("orders", group));
        dispatch(unnamedSend("orders", null));
        dispatch(unnamedSend("orders", group));
        network.disconnect(expected.brokerName().equals("broker-a") ? BROKER_A : BROKER_B);
        RemotingCommand down = dispatch(unnamedSend("orders", group));

        List<RemotingCommand> sends = network.requestsWith(RequestCode.SEND_MESSAGE);
        assertThat(List.of(sends.get(0), sends.get(2), sends.get(3))).extracting(
                request -> new BrokerQueue(request.extField("bname"), Integer.parseInt(request.extField("queueId"))))
                .containsOnly(expected);
        assertThat(sends).hasSize(4);
        assertThat(down.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    @Test
    void aPopNamingNoBrokerAsksTheBrokersInTurnWithAShareOfThePollTime() {
        network.answer(BROKER_A, request -> RemotingCommand.errorResponse(request, ResponseCode.POLLING_TIMEOUT, "none"));
        RemotingCommand fromB = dispatch(unnamedPop());
        RemotingCommand secondPop = dispatch(unnamedPop());

        assertThat(fromB.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fromB.extField("bname")).as("the broker that popped").isEqualTo("broker-b");
        assertThat(secondPop.extField("bname")).as("the next pop starts at broker-b").isEqualTo("broker-b");
        assertThat(network.addressesSentTo(RequestCode.POP_MESSAGE)).containsExactly(BROKER_A, BROKER_B, BROKER_B);
        assertThat(network.requestsWith(RequestCode.POP_MESSAGE)).extracting(request -> request.extField("pollTime"))
                .containsOnly("5000");
    }

    @Test
    void aPopWhereNoBrokerHasMessagesIsEmptyEvenWhenOneIsDown() {
        network.disconnect(BROKER_A);
        network.answer(BROKER_B, request -> RemotingCommand.errorResponse(request, ResponseCode.POLLING_TIMEOUT, "none"));

        RemotingCommand answer = dispatch(unnamedPop());

        assertThat(answer.code()).isEqualTo(ResponseCode.POLLING_TIMEOUT);
        assertThat(network.addressesSentTo(RequestCode.POP_MESSAGE)).containsExactlyInAnyOrder(BROKER_A, BROKER_B);
    }

    @Test
    void settlementsGoToTheBrokerTheirReceiptNames() {
        RemotingCommand ack = dispatch(RemotingCommand.request(RequestCode.ACK_MESSAGE)
                .extField("extraInfo", "12 1700000000000 60000 0 0 broker-b 3 14").extField("bname", "broker-a"));
        RemotingCommand change = dispatch(RemotingCommand.request(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)
                .extField("extraInfo", "12 1700000000000 60000 0 0 broker-a 3 14"));
        RemotingCommand batch = dispatch(RemotingCommand.request(RequestCode.BATCH_ACK_MESSAGE)
                .body("{\"brokerName\":\"broker-b\",\"acks\":[]}".getBytes(StandardCharsets.UTF_8)));
        RemotingCommand unknown = dispatch(RemotingCommand.request(RequestCode.ACK_MESSAGE)
                .extField("extraInfo", "12 1700000000000 60000 0 0 broker-z 3 14"));
        RemotingCommand malformed = dispatch(RemotingCommand.request(RequestCode.ACK_MESSAGE)
                .extField("extraInfo", "12 1700000000000"));

        assertThat(ack.extField("servedBy")).isEqualTo(BROKER_B);
        assertThat(change.extField("servedBy")).isEqualTo(BROKER_A);
        assertThat(batch.extField("servedBy")).isEqualTo(BROKER_B);
        assertThat(unknown.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(unknown.remark()).startsWith("the receipt handle names broker 'broker-z', which has no master in the "
                + "cluster: no broker named 'broker-z'");
        assertThat(malformed.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(malformed.remark()).contains("extraInfo", "'12 1700000000000'");
    }

    @Test
    void aTopicConfigNamingNoBrokerComesFromABrokerOfTheTopicOnce() {
        RemotingCommand first = dispatch(RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).extField("topic", "orders"));
        RemotingCommand second = dispatch(RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).extField("topic", "orders"));
        RemotingCommand unknown = dispatch(RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).extField("topic", "nowhere"));

        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"topicName\":\"orders\",\"attributes\":{\"+message.type\":\"FIFO\"}}");
        assertThat(network.addressesSentTo(RequestCode.GET_TOPIC_CONFIG)).containsExactly(BROKER_A);
        assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void aTopicConfigTheBrokerCannotGiveIsAnError() {
        network.disconnect(BROKER_A);

        RemotingCommand answer = dispatch(RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).extField("topic", "orders"));

        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(answer.remark()).startsWith("cannot get the configuration of topic orders from broker broker-a: ");
    }

    @Test
    void topicAndGroupChangesNamingNoBrokerReachEveryMasterAndFailWhenOneRefuses() {
        RemotingCommand created = dispatch(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC).extField("topic", "t"));
        network.answer(BROKER_B, request -> RemotingCommand.errorResponse(request, ResponseCode.NO_PERMISSION, "read-only"));
        RemotingCommand refused = dispatch(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP));

        assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(network.addressesSentTo(RequestCode.UPDATE_AND_CREATE_TOPIC)).containsExactlyInAnyOrder(BROKER_A, BROKER_B);
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(network.addressesSentTo(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP))
                .containsExactlyInAnyOrder(BROKER_A, BROKER_B);
    }

    @Test
    void topicStatsNamingNoBrokerJoinEveryBrokersQueues() {
        network.answer(BROKER_A, request -> stats(request, "broker-a"));
        network.answer(BROKER_B, request -> stats(request, "broker-b"));

        RemotingCommand joined = dispatch(RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO).extField("topic", "orders"));
        network.answer(BROKER_B, request -> RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR, "disk"));
        RemotingCommand refused = dispatch(RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO).extField("topic", "orders"));

        assertThat(new String(joined.body(), StandardCharsets.UTF_8)).isEqualTo("{\"offsetTable\":{"
                + "{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"orders\"}:{\"maxOffset\":3,\"minOffset\":0},"
                + "{\"brokerName\":\"broker-b\",\"queueId\":0,\"topic\":\"orders\"}:{\"maxOffset\":3,\"minOffset\":0}}}");
        assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(network.requestsWith(RequestCode.GET_TOPIC_STATS_INFO)).extracting(request -> request.extField("bname"))
                .containsExactly("broker-a", "broker-b", "broker-a", "broker-b");
    }

    /** A broker's TopicStatsTable as fastjson writes it: queues as object keys. */
    private static RemotingCommand stats(RemotingCommand request, String broker) {
        return json(request, "{\"offsetTable\":{{\"brokerName\":\"" + broker
                + "\",\"queueId\":0,\"topic\":\"orders\"}:{\"maxOffset\":3,\"minOffset\":0}}}");
    }

    private static RemotingCommand.Builder unnamedSend(String topic, String messageGroup) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extField("topic", topic)
                .extField("queueId", 3)
                .extField("properties", messageGroup == null ? "KEYS\u0001k\u0002"
                        : "__SHARDINGKEY\u0001" + messageGroup + "\u0002");
    }

    private static RemotingCommand.Builder unnamedPop() {
        return RemotingCommand.request(RequestCode.POP_MESSAGE)
                .extField("topic", "orders").extField("consumerGroup", "g").extField("queueId", -1)
                .extField("pollTime", 10_000);
    }

    private static byte[] ordersRoute() {
        return """
                {"queueDatas":[{"brokerName":"broker-a","readQueueNums":4,"writeQueueNums":4,"perm":6},
                  {"brokerName":"broker-b","readQueueNums":4,"writeQueueNums":4,"perm":6}],
                 "brokerDatas":[{"cluster":"c1","brokerName":"broker-a","brokerAddrs":{"0":"%s"}},
                  {"cluster":"c1","brokerName":"broker-b","brokerAddrs":{"0":"%s"}}]}
                """.formatted(BROKER_A, BROKER_B).getBytes(StandardCharsets.UTF_8);
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
                    ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(ordersRoute()).build()
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
        if (request.code() == RequestCode.GET_TOPIC_CONFIG) {
            return json(request, "{\"topicName\":\"" + request.extField("topic") + "\",\"attributes\":{\"+message.type\":\"FIFO\"}}");
        }
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
