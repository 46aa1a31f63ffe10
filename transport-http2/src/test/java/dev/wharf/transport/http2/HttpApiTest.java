package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.transport.http2.testing.Http;
import dev.wharf.transport.http2.testing.TestServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSON API through the JDK's HttpClient over HTTP/1.1 and over HTTP/2 reached by {@code Upgrade: h2c},
 * in front of a fake broker: what each endpoint sends the broker and what it answers.
 */
class HttpApiTest {

    private static TestServer server;
    private final AtomicLong offsets = new AtomicLong();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void answerSends() {
        server.broker().on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("queueId", 2)
                .extField("queueOffset", offsets.getAndIncrement())
                .build());
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void publishesOneMessageWithEveryField(HttpClient.Version version) {
        Instant due = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> response = Http.of(version).postJson(server.uri("/v1/topics/orders/messages"), """
                {"body": "hello", "tag": "created", "keys": ["k1", "k2"], "properties": {"region": "eu"},
                 "deliveryTime": "%s"}""".formatted(due));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(version);
        JsonNode result = Http.json(response).path("results").path(0);
        assertThat(result.path("queue").asInt()).isEqualTo(2);
        assertThat(result.path("messageId").asText()).isNotBlank();
        RemotingCommand sent = server.broker().commands(RequestCode.SEND_MESSAGE).get(
                server.broker().commands(RequestCode.SEND_MESSAGE).size() - 1);
        assertThat(sent.extField("topic")).isEqualTo("orders");
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(sent.extField("properties")).contains("TAGS\u0001created").contains("KEYS\u0001k1 k2")
                .contains("region\u0001eu").contains("TIMER_DELIVER_MS\u0001" + due.toEpochMilli());
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void publishesABatchWithAResultPerMessage(HttpClient.Version version) {
        server.broker().on(RequestCode.SEND_MESSAGE, request -> new String(request.body(), StandardCharsets.UTF_8)
                .equals("bad") ? RemotingCommand.errorResponse(request, ResponseCode.MESSAGE_ILLEGAL, "no")
                : RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("queueId", 0)
                        .extField("queueOffset", 7).build());
        String binary = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2});

        HttpResponse<String> response = Http.of(version).postJson(server.uri("/v1/topics/orders/messages"),
                "{\"messages\": [{\"body\": \"a\"}, {\"body\": \"bad\"}, {\"body\": \"" + binary
                        + "\", \"encoding\": \"base64\"}, {\"body\": \"\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = Http.json(response).path("results");
        assertThat(results).hasSize(4);
        assertThat(results.path(0).path("offset").asLong()).isEqualTo(7);
        assertThat(results.path(1).path("error").path("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(results.path(1).path("error").path("rocketmqCode").asInt()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(results.path(2).has("error")).isFalse();
        assertThat(results.path(3).path("error").path("code").asText()).isEqualTo("MESSAGE_BODY_EMPTY");
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void receivesWithALongPollAndAcks(HttpClient.Version version) {
        server.broker().on(RequestCode.POP_MESSAGE, request -> PopAnswers.found(request, "0 3 10",
                PopAnswers.record("orders", 3, 10, 4096, "A", 0)));
        Http http = Http.of(version);

        HttpResponse<String> received = http.postJson(
                server.uri("/v1/groups/billing/topics/orders/receive?max=4&invisibleTime=45s&wait=5s&tag=A%7C%7CB"), "");

        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        JsonNode message = Http.json(received).path("messages").path(0);
        assertThat(message.path("body").asText()).isEqualTo("body-10");
        assertThat(message.path("encoding").asText()).isEqualTo("text");
        assertThat(message.path("tag").asText()).isEqualTo("A");
        assertThat(message.path("queue").asInt()).isEqualTo(3);
        assertThat(message.path("offset").asLong()).isEqualTo(10);
        assertThat(message.path("deliveryAttempt").asInt()).isEqualTo(1);
        RemotingCommand pop = server.broker().commands(RequestCode.POP_MESSAGE).get(
                server.broker().commands(RequestCode.POP_MESSAGE).size() - 1);
        assertThat(pop.extField("consumerGroup")).isEqualTo("billing");
        assertThat(pop.extField("maxMsgNums")).isEqualTo("4");
        assertThat(pop.extField("invisibleTime")).isEqualTo("45000");
        assertThat(pop.extField("pollTime")).isEqualTo("5000");
        assertThat(pop.extField("exp")).isEqualTo("A||B");

        String handle = message.path("receiptHandle").asText();
        int acksBefore = server.broker().commands(RequestCode.ACK_MESSAGE).size();
        HttpResponse<String> acked = http.postJson(server.uri("/v1/groups/billing/topics/orders/ack"),
                "{\"receiptHandle\": \"" + handle + "\"}");
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(204);
        assertThat(server.broker().commands(RequestCode.ACK_MESSAGE)).hasSize(acksBefore + 1);

        HttpResponse<String> both = http.postJson(server.uri("/v1/groups/billing/topics/orders/ack"),
                "{\"receiptHandles\": [\"" + handle + "\", \"not-a-handle\"]}");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(Http.json(both).path("results").path(0).path("ok").asBoolean()).isTrue();
        assertThat(Http.json(both).path("results").path(1).path("error").path("code").asText())
                .isEqualTo("INVALID_RECEIPT_HANDLE");

        server.broker().on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("popTime", PopAnswers.POP_TIME + 1)
                        .extField("invisibleTime", request.extField("invisibleTime")).extField("reviveQid", 0).build());
        HttpResponse<String> nacked = http.postJson(server.uri("/v1/groups/billing/topics/orders/nack"),
                "{\"receiptHandle\": \"" + handle + "\"}");
        assertThat(nacked.statusCode()).as(nacked.body()).isEqualTo(204);

        HttpResponse<String> renewed = http.postJson(server.uri("/v1/groups/billing/topics/orders/invisible-time"),
                "{\"receiptHandle\": \"" + handle + "\", \"invisibleTime\": \"60s\"}");
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(Http.json(renewed).path("receiptHandle").asText()).isNotBlank().isNotEqualTo(handle);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void answersAnEmptyListWhenNothingCameWithinTheWait(HttpClient.Version version) {
        server.broker().on(RequestCode.POP_MESSAGE, request -> PopAnswers.empty(request, ResponseCode.POLLING_TIMEOUT));

        HttpResponse<String> received = Http.of(version).postJson(
                server.uri("/v1/groups/billing/topics/orders/receive?wait=0s"), "");

        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        assertThat(Http.json(received).path("messages")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void servesHealthAndItsOwnDescription(HttpClient.Version version) {
        Http http = Http.of(version);
        assertThat(Http.json(http.get(server.uri("/health"))).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> openApi = http.get(server.uri("/v1/openapi.json"));
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(Http.json(openApi).path("openapi").asText()).startsWith("3.");
        HttpResponse<String> metrics = http.get(server.uri("/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValue(TestServer.METRICS_CONTENT_TYPE);
        assertThat(metrics.body()).isEqualTo(TestServer.METRICS_TEXT);
    }
}
