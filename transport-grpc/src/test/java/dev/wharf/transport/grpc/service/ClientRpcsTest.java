package dev.wharf.transport.grpc.service;

import static dev.wharf.transport.grpc.service.TelemetryClient.consumerSettings;
import static dev.wharf.transport.grpc.service.TelemetryClient.producerSettings;
import static dev.wharf.transport.grpc.service.TelemetryClient.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.HeartbeatRequest;
import apache.rocketmq.v2.HeartbeatResponse;
import apache.rocketmq.v2.NotifyClientTerminationRequest;
import apache.rocketmq.v2.NotifyClientTerminationResponse;
import apache.rocketmq.v2.Resource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientRpcsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessagingFixture grpc = new MessagingFixture();
    private final RecordingBroker broker = grpc.broker
            .answerBody(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, "{\"groupName\":\"billing\",\"retryMaxTimes\":16}");

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aHeartbeatBeforeAnySettingsIsUnrecognized() {
        HeartbeatResponse response = grpc.stub().heartbeat(
                HeartbeatRequest.newBuilder().setClientType(ClientType.PRODUCER).build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.UNRECOGNIZED_CLIENT_TYPE);
        assertThat(response.getStatus().getMessage()).isEqualTo("cannot find client settings for this client");
        assertThat(broker.commands(RequestCode.HEART_BEAT)).isEmpty();
    }

    @Test
    void aProducerJoinsOneProducerGroupPerTopicNamedAfterIt() throws Exception {
        new TelemetryClient(grpc.asyncStub()).sync(producerSettings("orders", "payments"));

        HeartbeatResponse response = grpc.stub().heartbeat(
                HeartbeatRequest.newBuilder().setClientType(ClientType.PRODUCER).build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        JsonNode body = heartbeatBody();
        assertThat(body.path("clientID").asText()).isEqualTo(MessagingFixture.CLIENT_ID);
        assertThat(body.path("producerDataSet").findValuesAsText("groupName")).containsExactly("orders", "payments");
        assertThat(body.path("consumerDataSet")).isEmpty();
        assertThat(broker.received()).last().satisfies(received ->
                assertThat(received.context().connection().id()).isEqualTo("grpc:" + MessagingFixture.CLIENT_ID));
    }

    @Test
    void aConsumerJoinsItsGroupWithItsTagAndSqlSubscriptions() throws Exception {
        new TelemetryClient(grpc.asyncStub()).sync(consumerSettings(ClientType.PUSH_CONSUMER, "billing",
                subscription("orders", FilterType.TAG, "TagA || TagB"),
                subscription("payments", FilterType.SQL, "amount > 10"),
                subscription("refunds", FilterType.TAG, "*")));

        HeartbeatResponse response = grpc.stub().heartbeat(HeartbeatRequest.newBuilder()
                .setClientType(ClientType.PUSH_CONSUMER)
                .setGroup(Resource.newBuilder().setName("billing"))
                .build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        JsonNode body = heartbeatBody();
        assertThat(body.path("producerDataSet")).isEmpty();
        JsonNode consumer = body.path("consumerDataSet").get(0);
        assertThat(consumer.path("groupName").asText()).isEqualTo("billing");
        assertThat(consumer.path("consumeType").asText()).isEqualTo("CONSUME_PASSIVELY");
        assertThat(consumer.path("messageModel").asText()).isEqualTo("CLUSTERING");
        assertThat(consumer.path("consumeFromWhere").asText()).isEqualTo("CONSUME_FROM_LAST_OFFSET");
        JsonNode subscriptions = consumer.path("subscriptionDataSet");
        assertThat(subscriptions).hasSize(3);
        JsonNode tags = subscriptions.get(0);
        assertThat(tags.path("topic").asText()).isEqualTo("orders");
        assertThat(tags.path("expressionType").asText()).isEqualTo("TAG");
        assertThat(tags.path("subString").asText()).isEqualTo("TagA || TagB");
        assertThat(texts(tags.path("tagsSet"))).containsExactlyInAnyOrder("TagA", "TagB");
        assertThat(texts(tags.path("codeSet")))
                .containsExactlyInAnyOrder(String.valueOf("TagA".hashCode()), String.valueOf("TagB".hashCode()));
        JsonNode sql = subscriptions.get(1);
        assertThat(sql.path("expressionType").asText()).isEqualTo("SQL92");
        assertThat(sql.path("subString").asText()).isEqualTo("amount > 10");
        JsonNode all = subscriptions.get(2);
        assertThat(all.path("subString").asText()).isEqualTo("*");
        assertThat(all.path("tagsSet")).isEmpty();
    }

    @Test
    void aSimpleConsumersGroupComesFromItsSettingsWhenTheHeartbeatNamesNone() throws Exception {
        new TelemetryClient(grpc.asyncStub()).sync(consumerSettings(ClientType.SIMPLE_CONSUMER, "billing",
                subscription("orders", FilterType.TAG, "*")));

        grpc.stub().heartbeat(HeartbeatRequest.newBuilder().setClientType(ClientType.SIMPLE_CONSUMER).build());

        assertThat(heartbeatBody().path("consumerDataSet").get(0).path("groupName").asText()).isEqualTo("billing");
    }

    @Test
    void theBrokersRefusalOfAHeartbeatIsTheAnswer() throws Exception {
        new TelemetryClient(grpc.asyncStub()).sync(producerSettings("orders"));
        broker.refuse(RequestCode.HEART_BEAT, ResponseCode.SYSTEM_BUSY, "[REJECTREQUEST]system busy");

        HeartbeatResponse response = grpc.stub().heartbeat(
                HeartbeatRequest.newBuilder().setClientType(ClientType.PRODUCER).build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.TOO_MANY_REQUESTS);
    }

    @Test
    void aTerminatingProducerLeavesEveryProducerGroupAndIsForgotten() throws Exception {
        new TelemetryClient(grpc.asyncStub()).sync(producerSettings("orders", "payments"));

        NotifyClientTerminationResponse response = grpc.stub().notifyClientTermination(
                NotifyClientTerminationRequest.getDefaultInstance());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        List<RemotingCommand> unregisters = broker.commands(RequestCode.UNREGISTER_CLIENT);
        assertThat(unregisters).extracting(command -> command.extField("producerGroup"))
                .containsExactlyInAnyOrder("orders", "payments");
        assertThat(unregisters).allSatisfy(command -> {
            assertThat(command.extField("clientID")).isEqualTo(MessagingFixture.CLIENT_ID);
            assertThat(command.extField("consumerGroup")).isNull();
        });
        assertThat(grpc.sessions.find(MessagingFixture.CLIENT_ID)).isEmpty();
    }

    @Test
    void aTerminatingConsumerLeavesItsGroup() throws Exception {
        new TelemetryClient(grpc.asyncStub()).sync(consumerSettings(ClientType.PUSH_CONSUMER, "billing",
                subscription("orders", FilterType.TAG, "*")));

        NotifyClientTerminationResponse response = grpc.stub().notifyClientTermination(
                NotifyClientTerminationRequest.newBuilder().setGroup(Resource.newBuilder().setName("billing")).build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(broker.commands(RequestCode.UNREGISTER_CLIENT)).singleElement().satisfies(command -> {
            assertThat(command.extField("consumerGroup")).isEqualTo("billing");
            assertThat(command.extField("clientID")).isEqualTo(MessagingFixture.CLIENT_ID);
        });
        assertThat(grpc.sessions.find(MessagingFixture.CLIENT_ID)).isEmpty();
    }

    @Test
    void anUnknownClientsTerminationIsUnrecognized() {
        NotifyClientTerminationResponse response = grpc.stub().notifyClientTermination(
                NotifyClientTerminationRequest.getDefaultInstance());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.UNRECOGNIZED_CLIENT_TYPE);
        assertThat(broker.commands(RequestCode.UNREGISTER_CLIENT)).isEmpty();
    }

    /** The Heartbeat's body, the same as the one that registered the client when its settings arrived. */
    private JsonNode heartbeatBody() throws IOException {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.commands(RequestCode.HEART_BEAT).size() == 2);
        List<RemotingCommand> heartbeats = broker.commands(RequestCode.HEART_BEAT);
        JsonNode body = JSON.readTree(heartbeats.get(1).body());
        assertThat(JSON.readTree(heartbeats.get(0).body())).as("the registration on settings").isEqualTo(body);
        return body;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
