package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.transport.http2.testing.Http;
import dev.wharf.transport.http2.testing.TestServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error status the API answers, each with its JSON error. */
class ErrorStatusTest {

    private final Http http = Http.of(HttpClient.Version.HTTP_2);

    @Test
    void answers400NamingTheFieldOrTheSyntaxError() {
        try (TestServer server = TestServer.start()) {
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"), "{\"body\": "), 400, "BAD_REQUEST",
                    "malformed JSON at line 1");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"), "{\"body\": 5}"), 400, "BAD_REQUEST",
                    "field 'body' must be a string");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"),
                    "{\"messages\": [{\"body\": \"a\", \"keys\": [1]}]}"), 400, "BAD_REQUEST", "'messages[0].keys[0]'");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"), "{\"body\": \"a\", \"tga\": \"x\"}"),
                    400, "BAD_REQUEST", "unknown field 'tga'");
            assertError(http.postJson(server.uri("/v1/groups/g/topics/t/receive?wait=forever"), ""), 400,
                    "BAD_REQUEST", "'wait' must be a duration");
            assertError(http.postJson(server.uri("/v1/groups/g/topics/t/receive?wait=31s"), ""), 400,
                    "ILLEGAL_POLLING_TIME", "poll time");
            assertError(http.postJson(server.uri("/v1/topics/bad%20name/messages"), "{\"body\": \"a\"}"), 400,
                    "ILLEGAL_TOPIC", "");
        }
    }

    @Test
    void answers401WithoutATokenAnd403WithAWrongOne() {
        try (TestServer server = TestServer.start(ServerConfig.of("127.0.0.1", 0).withOption("tokens", "s3cret, other"))) {
            HttpResponse<String> missing = http.get(server.uri("/v1/topics"));
            assertError(missing, 401, "UNAUTHORIZED", "Bearer");
            assertThat(missing.headers().firstValue("www-authenticate")).hasValue("Bearer");
            assertError(http.send(HttpRequest.newBuilder(server.uri("/v1/topics"))
                    .header("Authorization", "Bearer nope").build()), 403, "FORBIDDEN", "not accepted");
            server.broker().answerBody(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, "{\"topicList\":[\"a\"]}");
            HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(server.uri("/v1/topics"))
                    .header("Authorization", "Bearer other").build());
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(http.get(server.uri("/health")).statusCode()).as("health needs no token").isEqualTo(200);
        }
    }

    @Test
    void answers404ForUnknownTopicsAndRoutesAnd405ForWrongMethods() {
        try (TestServer server = TestServer.start()) {
            server.broker().refuse(RequestCode.SEND_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "No topic route info");
            JsonNode error = assertError(http.postJson(server.uri("/v1/topics/nowhere/messages"), "{\"body\": \"a\"}"),
                    404, "TOPIC_NOT_FOUND", "No topic route info");
            assertThat(error.path("rocketmqCode").asInt()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertError(http.get(server.uri("/v2/anything")), 404, "ROUTE_NOT_FOUND", "/v2/anything");
            HttpResponse<String> wrong = http.delete(server.uri("/v1/topics/orders/messages"));
            assertError(wrong, 405, "METHOD_NOT_ALLOWED", "POST");
            assertThat(wrong.headers().firstValue("allow")).hasValue("POST");
        }
    }

    @Test
    void answers409WhenTheMessageDoesNotFitTheTopicType() {
        try (TestServer server = TestServer.start()) {
            server.broker().refuse(RequestCode.SEND_MESSAGE, ResponseCode.MESSAGE_ILLEGAL,
                    "TopicMessageType validate failed, the expected type is NORMAL, but actual type is FIFO");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"),
                    "{\"body\": \"a\", \"messageGroup\": \"g\"}"), 409, "MESSAGE_PROPERTY_CONFLICT_WITH_TYPE", "FIFO");
        }
    }

    @Test
    void answers413ForBodiesAndBatchesOverTheLimits() {
        try (TestServer server = TestServer.start(ServerConfig.of("127.0.0.1", 0)
                .withOption("maxBatchMessages", "2").withOption("maxBodySize", "10"))) {
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"),
                    "{\"messages\": [{\"body\": \"a\"}, {\"body\": \"b\"}, {\"body\": \"c\"}]}"), 413, "BATCH_TOO_LARGE",
                    "at most 2 messages");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"), "{\"body\": \"eleven bytes\"}"), 413,
                    "MESSAGE_BODY_TOO_LARGE", "");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"),
                    "{\"body\": \"" + "x".repeat(70_000) + "\"}"), 413, "PAYLOAD_TOO_LARGE", "maxRequestBytes");
        }
    }

    @Test
    void answers415ForBodiesThatAreNotJson() {
        try (TestServer server = TestServer.start()) {
            assertError(http.send(HttpRequest.newBuilder(server.uri("/v1/topics/orders/messages"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build()),
                    415, "UNSUPPORTED_MEDIA_TYPE", "text/plain");
        }
    }

    /** The pool's options by their names shared with gRPC and WebSocket, and by this listener's older names. */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"businessThreads, businessQueue", "threads, queueCapacity"})
    void answers429WithRetryAfterWhenThePoolIsFull(String threadsOption, String queueOption) throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.of("127.0.0.1", 0)
                .withOption(threadsOption, "1").withOption(queueOption, "1"))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            server.broker().on(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, request -> {
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body("{\"topicList\":[]}".getBytes())
                        .build();
            });
            CompletableFuture<HttpResponse<String>> holding = http.client().sendAsync(
                    HttpRequest.newBuilder(server.uri("/v1/topics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> queued = http.client().sendAsync(
                    HttpRequest.newBuilder(server.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await().until(() -> {
                HttpResponse<String> refused = http.get(server.uri("/health"));
                return refused.statusCode() == 429 && refused.headers().firstValue("retry-after").isPresent()
                        && refused.body().contains("TOO_MANY_REQUESTS");
            });
            release.countDown();
            assertThat(holding.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void answers503WhenTheBrokerCannotStoreNow() {
        try (TestServer server = TestServer.start()) {
            server.broker().refuse(RequestCode.SEND_MESSAGE, ResponseCode.FLUSH_DISK_TIMEOUT, "flush timeout");
            assertError(http.postJson(server.uri("/v1/topics/orders/messages"), "{\"body\": \"a\"}"), 503,
                    "MASTER_PERSISTENCE_TIMEOUT", "flush timeout");
        }
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String code, String inMessage) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(inMessage);
        return error;
    }
}
