package dev.wharf.transport.grpc.service;

import static dev.wharf.transport.grpc.service.TelemetryClient.consumerSettings;
import static dev.wharf.transport.grpc.service.TelemetryClient.producerSettings;
import static dev.wharf.transport.grpc.service.TelemetryClient.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.Status;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.ThreadStackTrace;
import apache.rocketmq.v2.VerifyMessageResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.grpc.GrpcServerOptions;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryRpcsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessagingFixture grpc = new MessagingFixture();
    private final RecordingBroker broker = grpc.broker;

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aProducerIsAnsweredAtOnceWithTheServersPublishingSettings() throws Exception {
        Settings sent = producerSettings("orders");

        TelemetryCommand reply = new TelemetryClient(grpc.asyncStub()).sync(sent);

        assertThat(reply.getStatus().getCode()).isEqualTo(Code.OK);
        Settings settings = reply.getSettings();
        assertThat(settings.getClientType()).isEqualTo(ClientType.PRODUCER);
        assertThat(settings.getPublishing().getTopicsList()).isEqualTo(sent.getPublishing().getTopicsList());
        assertThat(settings.getPublishing().getValidateMessageType()).isTrue();
        assertThat(settings.getPublishing().getMaxBodySize()).isEqualTo(4 * 1024 * 1024);
        assertThat(settings.getBackoffPolicy().getMaxAttempts()).isEqualTo(3);
        assertThat(settings.getBackoffPolicy().getExponentialBackoff().getInitial()).isEqualTo(ProtoTimes.duration(10));
        assertThat(settings.getBackoffPolicy().getExponentialBackoff().getMax()).isEqualTo(ProtoTimes.duration(1000));
        assertThat(settings.getBackoffPolicy().getExponentialBackoff().getMultiplier()).isEqualTo(2f);
        assertThat(settings.getMetric().getOn()).isFalse();
        assertThat(connection().settings()).hasValueSatisfying(stored ->
                assertThat(stored.settings()).isEqualTo(sent));
    }

    @Test
    void producersAreToldNotToCheckMessageTypesWhenTheBrokerDoesNot() throws Exception {
        try (MessagingFixture unchecked = new MessagingFixture(GrpcServerOptions.from(
                ServerConfig.of("127.0.0.1", 0).withOption("validateMessageType", "false")))) {
            TelemetryCommand reply = new TelemetryClient(unchecked.asyncStub()).sync(producerSettings("orders"));

            assertThat(reply.getSettings().getPublishing().getValidateMessageType()).isFalse();
        }
    }

    @Test
    void aConsumerIsAnsweredWithItsGroupsFifoFlagAndRedeliveryBackoff() throws Exception {
        broker.answerBody(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG,
                "{\"groupName\":\"billing\",\"consumeMessageOrderly\":true,\"retryMaxTimes\":5}");

        TelemetryCommand reply = new TelemetryClient(grpc.asyncStub()).sync(consumerSettings(
                ClientType.PUSH_CONSUMER, "billing", subscription("orders", FilterType.TAG, "*")));

        Settings settings = reply.getSettings();
        assertThat(settings.getSubscription().getGroup().getName()).isEqualTo("billing");
        assertThat(settings.getSubscription().getFifo()).isTrue();
        assertThat(settings.getSubscription().getReceiveBatchSize()).isEqualTo(32);
        assertThat(settings.getSubscription().getLongPollingTimeout()).isEqualTo(ProtoTimes.duration(20000));
        assertThat(settings.getSubscription().getSubscriptionsCount()).isEqualTo(1);
        assertThat(settings.getBackoffPolicy().getMaxAttempts()).isEqualTo(6);
        assertThat(settings.getBackoffPolicy().getCustomizedBackoff().getNextList()).hasSize(18)
                .startsWith(ProtoTimes.duration(1000), ProtoTimes.duration(5000), ProtoTimes.duration(10000))
                .endsWith(ProtoTimes.duration(7200000));
        assertThat(settings.getMetric().getOn()).isFalse();
        assertThat(broker.commands(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)).singleElement()
                .satisfies(command -> assertThat(command.extField("group")).isEqualTo("billing"));
    }

    @Test
    void aClientIsRegisteredWithTheBrokerOnItsFirstSettingsNotAgainOnLaterOnes() throws Exception {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());
        client.sync(producerSettings("orders"));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.commands(RequestCode.HEART_BEAT).size() == 1);
        JsonNode body = JSON.readTree(broker.commands(RequestCode.HEART_BEAT).get(0).body());
        assertThat(body.path("clientID").asText()).isEqualTo(MessagingFixture.CLIENT_ID);
        assertThat(body.path("producerDataSet").findValuesAsText("groupName")).containsExactly("orders");

        client.sync(producerSettings("orders"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> broker.commands(RequestCode.HEART_BEAT).size() == 1);
    }

    @Test
    void aConsumerIsRegisteredInTheGroupOfItsSettings() throws Exception {
        broker.answerBody(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, "{\"groupName\":\"billing\"}");

        new TelemetryClient(grpc.asyncStub()).sync(consumerSettings(
                ClientType.SIMPLE_CONSUMER, "billing", subscription("orders", FilterType.TAG, "TagA")));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.commands(RequestCode.HEART_BEAT).size() == 1);
        JsonNode consumer = JSON.readTree(broker.commands(RequestCode.HEART_BEAT).get(0).body())
                .path("consumerDataSet").get(0);
        assertThat(consumer.path("groupName").asText()).isEqualTo("billing");
        assertThat(consumer.path("subscriptionDataSet").get(0).path("topic").asText()).isEqualTo("orders");
    }

    @Test
    void aRefusedRegistrationLeavesTheStreamOpen() throws Exception {
        broker.refuse(RequestCode.HEART_BEAT, ResponseCode.SYSTEM_BUSY, "[REJECTREQUEST]system busy");
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());

        client.sync(producerSettings("orders"));
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.commands(RequestCode.HEART_BEAT).size() == 1);

        assertThat(client.sync(producerSettings("orders")).getStatus().getCode()).isEqualTo(Code.OK);
    }

    @Test
    void consumersAreToldTheListenersLongPollingTimeout() throws Exception {
        try (MessagingFixture shortPolls = new MessagingFixture(GrpcServerOptions.from(
                ServerConfig.of("127.0.0.1", 0).withOption("longPollingTimeout", "3s")))) {
            shortPolls.broker.answerBody(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, "{\"groupName\":\"billing\"}");

            TelemetryCommand reply = new TelemetryClient(shortPolls.asyncStub()).sync(consumerSettings(
                    ClientType.SIMPLE_CONSUMER, "billing", subscription("orders", FilterType.TAG, "*")));

            assertThat(reply.getSettings().getSubscription().getLongPollingTimeout())
                    .isEqualTo(ProtoTimes.duration(3000));
        }
        assertThatThrownBy(() -> GrpcServerOptions.from(
                ServerConfig.of("127.0.0.1", 0).withOption("longPollingTimeout", "0s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longPollingTimeout");
    }

    @Test
    void settingsWithNeitherPublishingNorSubscriptionEndTheStreamAsInvalidArgument() {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());

        client.send(TelemetryCommand.newBuilder()
                .setSettings(Settings.newBuilder().setClientType(ClientType.PRODUCER))
                .build());

        assertStreamFailed(client, io.grpc.Status.Code.INVALID_ARGUMENT, "neither publishing nor subscription");
        assertThat(connection().settings()).isEmpty();
    }

    @Test
    void anIllegalGroupEndsTheStreamAsInvalidArgument() {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());

        client.send(TelemetryCommand.newBuilder()
                .setSettings(consumerSettings(ClientType.SIMPLE_CONSUMER, "no group"))
                .build());

        assertStreamFailed(client, io.grpc.Status.Code.INVALID_ARGUMENT, "consumer group name 'no group'");
    }

    @Test
    void aBrokerFailureEndsTheStreamAsInternal() {
        broker.refuse(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, ResponseCode.SYSTEM_ERROR, "disk on fire");
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());

        client.send(TelemetryCommand.newBuilder()
                .setSettings(consumerSettings(ClientType.SIMPLE_CONSUMER, "billing"))
                .build());

        assertStreamFailed(client, io.grpc.Status.Code.INTERNAL, "disk on fire");
        assertThat(broker.commands(RequestCode.HEART_BEAT)).as("a client whose settings failed is not registered")
                .isEmpty();
    }

    @Test
    void aStreamWithoutClientIdIsRefused() {
        TelemetryClient client = new TelemetryClient(grpc.anonymousAsyncStub());

        assertStreamFailed(client, io.grpc.Status.Code.INVALID_ARGUMENT, "client id cannot be empty");
    }

    @Test
    void theBrokerAsksForTheClientsThreadStackTraceOverTheStream() throws Exception {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());
        client.sync(producerSettings("orders"));

        CompletableFuture<RemotingCommand> answer = connection().invoke(
                RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).extField("consumerGroup", "billing")
                        .extField("clientId", MessagingFixture.CLIENT_ID).build(),
                Duration.ofSeconds(5));
        TelemetryCommand question = client.next();
        assertThat(question.hasPrintThreadStackTraceCommand()).isTrue();
        client.send(TelemetryCommand.newBuilder()
                .setStatus(Status.newBuilder().setCode(Code.OK))
                .setThreadStackTrace(ThreadStackTrace.newBuilder()
                        .setNonce(question.getPrintThreadStackTraceCommand().getNonce())
                        .setThreadStackTrace("\"main\" RUNNABLE"))
                .build());

        RemotingCommand response = answer.get(5, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(JSON.readTree(response.body()).path("jstack").asText()).isEqualTo("\"main\" RUNNABLE");
    }

    @Test
    void theBrokerAsksTheClientToVerifyAMessageOverTheStream() throws Exception {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());
        client.sync(producerSettings("orders"));

        CompletableFuture<RemotingCommand> answer = connection().invoke(
                RemotingCommand.request(RequestCode.CONSUME_MESSAGE_DIRECTLY).extField("consumerGroup", "billing")
                        .body(storedMessage("orders", Map.of(MessageProperties.TAGS, "TagA"))).build(),
                Duration.ofSeconds(5));
        TelemetryCommand question = client.next();
        assertThat(question.getVerifyMessageCommand().getMessage().getTopic().getName()).isEqualTo("orders");
        assertThat(question.getVerifyMessageCommand().getMessage().getSystemProperties().getTag()).isEqualTo("TagA");
        assertThat(question.getVerifyMessageCommand().getMessage().getBody().toStringUtf8()).isEqualTo("hello");
        client.send(TelemetryCommand.newBuilder()
                .setStatus(Status.newBuilder().setCode(Code.FAILED_TO_CONSUME_MESSAGE).setMessage("listener threw"))
                .setVerifyMessageResult(VerifyMessageResult.newBuilder()
                        .setNonce(question.getVerifyMessageCommand().getNonce()))
                .build());

        RemotingCommand response = answer.get(5, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.path("consumeResult").asText()).isEqualTo("CR_THROW_EXCEPTION");
        assertThat(result.path("remark").asText()).contains("listener threw");
    }

    @Test
    void aRequestTheClientLeavesUnansweredTimesOut() throws Exception {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());
        client.sync(producerSettings("orders"));

        CompletableFuture<RemotingCommand> answer = connection().invoke(
                RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).build(), Duration.ofMillis(100));

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RemotingTimeoutException.class);
        // A late answer is dropped quietly.
        client.send(TelemetryCommand.newBuilder()
                .setThreadStackTrace(ThreadStackTrace.newBuilder()
                        .setNonce(client.next().getPrintThreadStackTraceCommand().getNonce()))
                .build());
    }

    @Test
    void whenTheStreamEndsPushesFailAndWaitingRequestsAreReleased() throws Exception {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());
        client.sync(producerSettings("orders"));
        GrpcClientConnection connection = connection();
        CompletableFuture<RemotingCommand> waiting = connection.invoke(
                RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).build(), Duration.ofMinutes(1));
        client.next();

        client.complete();

        client.ended().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RemotingException.class);
        assertThatThrownBy(() -> connection.send(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE).build())
                .get(5, TimeUnit.SECONDS)).hasMessageContaining("has no open Telemetry stream");
    }

    @Test
    void aConsumerIdsChangedNoticeNeedsNoTelling() throws Exception {
        TelemetryClient client = new TelemetryClient(grpc.asyncStub());
        client.sync(producerSettings("orders"));

        connection().send(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                .extField("consumerGroup", "billing").oneway().build()).get(5, TimeUnit.SECONDS);
        connection().invoke(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).build(), Duration.ofSeconds(5));

        assertThat(client.next().hasPrintThreadStackTraceCommand()).as("the notice wrote nothing before it").isTrue();
    }

    static byte[] storedMessage(String topic, Map<String, String> properties) {
        MessageRecord record = new MessageRecord(topic, 1, 0, "hello".getBytes(StandardCharsets.UTF_8), properties,
                0, 1_700_000_000_000L, new InetSocketAddress("10.0.0.7", 50000), 0, 0, 0);
        return StoredMessageCodec.encode(record, new InetSocketAddress("10.0.0.5", 10911));
    }

    private GrpcClientConnection connection() {
        return grpc.sessions.find(MessagingFixture.CLIENT_ID).orElseThrow();
    }

    private static void assertStreamFailed(TelemetryClient client, io.grpc.Status.Code code, String description) {
        await().atMost(Duration.ofSeconds(5)).until(() -> client.ended().isDone());
        assertThatThrownBy(() -> client.ended().join()).cause()
                .isInstanceOfSatisfying(StatusRuntimeException.class, failure -> {
                    assertThat(failure.getStatus().getCode()).isEqualTo(code);
                    assertThat(failure.getStatus().getDescription()).contains(description);
                });
    }
}
