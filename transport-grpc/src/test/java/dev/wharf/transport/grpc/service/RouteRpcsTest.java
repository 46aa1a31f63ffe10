package dev.wharf.transport.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import apache.rocketmq.v2.Address;
import apache.rocketmq.v2.AddressScheme;
import apache.rocketmq.v2.Assignment;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Permission;
import apache.rocketmq.v2.QueryAssignmentRequest;
import apache.rocketmq.v2.QueryAssignmentResponse;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteRpcsTest {

    private static final Endpoints ACCESS_POINT = Endpoints.newBuilder()
            .setScheme(AddressScheme.DOMAIN_NAME)
            .addAddresses(Address.newBuilder().setHost("mq.example.com").setPort(8081))
            .build();

    private final MessagingFixture grpc = new MessagingFixture();
    private final RecordingBroker broker = grpc.broker;

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void routeListsTheBrokersQueuesAtTheAccessPointTheClientUsed() {
        route(4, 4, 6);
        topicType("NORMAL");

        QueryRouteResponse response = grpc.stub().queryRoute(routeRequest("orders"));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(response.getMessageQueuesList()).hasSize(4).allSatisfy(queue -> {
            assertThat(queue.getTopic().getName()).isEqualTo("orders");
            assertThat(queue.getPermission()).isEqualTo(Permission.READ_WRITE);
            assertThat(queue.getBroker().getName()).isEqualTo("broker-a");
            assertThat(queue.getBroker().getId()).isZero();
            assertThat(queue.getBroker().getEndpoints()).isEqualTo(ACCESS_POINT);
            assertThat(queue.getAcceptMessageTypesList()).containsExactly(MessageType.NORMAL);
        });
        assertThat(response.getMessageQueuesList()).extracting(MessageQueue::getId).containsExactly(0, 1, 2, 3);
        assertThat(broker.commands(RequestCode.GET_ROUTEINFO_BY_TOPIC)).singleElement()
                .satisfies(command -> assertThat(command.extField("topic")).isEqualTo("orders"));
        assertThat(broker.commands(RequestCode.GET_TOPIC_CONFIG)).singleElement()
                .satisfies(command -> assertThat(command.extField("topic")).isEqualTo("orders"));
    }

    @ParameterizedTest
    @CsvSource({
        "NORMAL, NORMAL",
        "FIFO, FIFO",
        "DELAY, DELAY",
        "TRANSACTION, TRANSACTION",
        "MIXED, NORMAL FIFO DELAY TRANSACTION",
        "UNSPECIFIED, NORMAL",
        "'', NORMAL",
    })
    void routeCarriesTheTopicsMessageTypesAndNeverUnspecified(String attribute, String expected) {
        route(1, 1, 6);
        topicType(attribute);

        QueryRouteResponse response = grpc.stub().queryRoute(routeRequest("orders"));

        List<MessageType> types = Arrays.stream(expected.split(" ")).map(MessageType::valueOf).toList();
        assertThat(response.getMessageQueues(0).getAcceptMessageTypesList()).containsExactlyElementsOf(types);
    }

    @Test
    void aTopicConfigWithoutTypeAttributeIsNormal() {
        route(1, 1, 6);
        broker.answerBody(RequestCode.GET_TOPIC_CONFIG, "{\"topicName\":\"orders\",\"perm\":6}");

        QueryRouteResponse response = grpc.stub().queryRoute(routeRequest("orders"));

        assertThat(response.getMessageQueues(0).getAcceptMessageTypesList()).containsExactly(MessageType.NORMAL);
    }

    @Test
    void queuesBeyondOneCountAreReadOnlyOrWriteOnlyUnderTheBrokersIds() {
        route(6, 4, 6);
        topicType("NORMAL");

        List<MessageQueue> queues = grpc.stub().queryRoute(routeRequest("orders")).getMessageQueuesList();

        assertThat(queues).extracting(MessageQueue::getId, MessageQueue::getPermission).containsExactly(
                tuple(0, Permission.READ_WRITE),
                tuple(1, Permission.READ_WRITE),
                tuple(2, Permission.READ_WRITE),
                tuple(3, Permission.READ_WRITE),
                tuple(4, Permission.READ),
                tuple(5, Permission.READ));
    }

    @Test
    void aWriteOnlyTopicHasWriteQueuesAndAReadOnlyOneReadQueues() {
        route(2, 2, 2);
        topicType("NORMAL");
        assertThat(grpc.stub().queryRoute(routeRequest("orders")).getMessageQueuesList())
                .extracting(MessageQueue::getPermission).containsOnly(Permission.WRITE);

        route(2, 2, 4);
        assertThat(grpc.stub().queryRoute(routeRequest("orders")).getMessageQueuesList())
                .extracting(MessageQueue::getPermission).containsOnly(Permission.READ);
    }

    @Test
    void anUnknownTopicIsTopicNotFoundWithTheBrokersRemark() {
        broker.refuse(RequestCode.GET_ROUTEINFO_BY_TOPIC, ResponseCode.TOPIC_NOT_EXIST,
                "No topic route info in name server for the topic: nowhere");
        broker.refuse(RequestCode.GET_TOPIC_CONFIG, ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: nowhere");

        QueryRouteResponse response = grpc.stub().queryRoute(routeRequest("nowhere"));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
        assertThat(response.getStatus().getMessage())
                .isEqualTo("CODE: 17 DESC: No topic route info in name server for the topic: nowhere");
        assertThat(response.getMessageQueuesList()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"''", "'or ders'", "rmq_sys_wheel_timer", "TBW102", "SCHEDULE_TOPIC_XXXX"})
    void anIllegalTopicIsRefusedBeforeTheBrokerIsAsked(String topic) {
        QueryRouteResponse response = grpc.stub().queryRoute(routeRequest(topic));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.ILLEGAL_TOPIC);
        assertThat(broker.received()).isEmpty();
    }

    @Test
    void aTopicNameLongerThan127CharactersIsIllegal() {
        QueryRouteResponse response = grpc.stub().queryRoute(routeRequest("t".repeat(128)));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.ILLEGAL_TOPIC);
        assertThat(response.getStatus().getMessage()).contains("longer than 127");
    }

    @Test
    void aCallWithoutClientIdIsRefused() {
        QueryRouteResponse response = grpc.anonymousStub().queryRoute(routeRequest("orders"));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);
        assertThat(broker.received()).isEmpty();
    }

    @Test
    void aFifoGroupIsAssignedEveryReadableQueue() {
        route(3, 2, 6);
        groupConfig(true);

        QueryAssignmentResponse response = grpc.stub().queryAssignment(assignmentRequest());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(response.getAssignmentsList()).extracting(assignment -> assignment.getMessageQueue().getId())
                .containsExactly(0, 1, 2);
        assertThat(response.getAssignments(0).getMessageQueue().getBroker().getEndpoints()).isEqualTo(ACCESS_POINT);
        assertThat(broker.commands(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)).singleElement()
                .satisfies(command -> assertThat(command.extField("group")).isEqualTo("billing"));
    }

    @Test
    void anyOtherGroupIsAssignedQueueMinusOneOfTheBroker() {
        route(4, 4, 6);
        groupConfig(false);

        List<Assignment> assignments = grpc.stub().queryAssignment(assignmentRequest()).getAssignmentsList();

        assertThat(assignments).singleElement().satisfies(assignment -> {
            assertThat(assignment.getMessageQueue().getId()).isEqualTo(-1);
            assertThat(assignment.getMessageQueue().getBroker().getName()).isEqualTo("broker-a");
            assertThat(assignment.getMessageQueue().getPermission()).isEqualTo(Permission.READ_WRITE);
        });
    }

    @Test
    void aTopicWithoutReadableQueuesIsForbidden() {
        route(4, 4, 2);
        groupConfig(false);

        QueryAssignmentResponse response = grpc.stub().queryAssignment(assignmentRequest());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.FORBIDDEN);
        assertThat(response.getStatus().getMessage()).isEqualTo("no readable queue of topic orders");
    }

    @Test
    void anIllegalGroupIsRefused() {
        QueryAssignmentResponse response = grpc.stub().queryAssignment(assignmentRequest().toBuilder()
                .setGroup(Resource.newBuilder().setName("bad group"))
                .build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.ILLEGAL_CONSUMER_GROUP);
    }

    private void route(int readQueues, int writeQueues, int perm) {
        broker.answerBody(RequestCode.GET_ROUTEINFO_BY_TOPIC, """
                {"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.5:10911"},"brokerName":"broker-a","cluster":"DefaultCluster",
                "enableActingMaster":false}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":%d,
                "readQueueNums":%d,"topicSysFlag":0,"writeQueueNums":%d}]}""".formatted(perm, readQueues, writeQueues));
    }

    private void topicType(String type) {
        broker.answerBody(RequestCode.GET_TOPIC_CONFIG, """
                {"attributes":{"message.type":"%s"},"order":false,"perm":6,"readQueueNums":4,"topicName":"orders",
                "topicSysFlag":0,"writeQueueNums":4}""".formatted(type));
    }

    private void groupConfig(boolean orderly) {
        broker.on(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, request -> RemotingCommand.responseTo(request, 0)
                .body(("{\"groupName\":\"billing\",\"consumeMessageOrderly\":" + orderly + ",\"retryMaxTimes\":16}")
                        .getBytes(StandardCharsets.UTF_8))
                .build());
    }

    private static QueryRouteRequest routeRequest(String topic) {
        return QueryRouteRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic))
                .setEndpoints(ACCESS_POINT)
                .build();
    }

    private static QueryAssignmentRequest assignmentRequest() {
        return QueryAssignmentRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName("orders"))
                .setGroup(Resource.newBuilder().setName("billing"))
                .setEndpoints(ACCESS_POINT)
                .build();
    }
}
