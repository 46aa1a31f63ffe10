package dev.wharf.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a real Local-mode gateway: admin, publish, receive, ack, and the group's lag afterwards. */
class HttpApiEndToEndTest {

    @TempDir
    static Path dataDir;

    private static LocalGateway gateway;
    private static URI base;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        GatewayConfig defaults = TestGateway.config(dataDir);
        ListenerConfig http = new ListenerConfig("http", "127.0.0.1", 0, List.of(ProtocolType.HTTP));
        gateway = LocalGateway.start(new GatewayConfig(defaults.mode(), List.of(defaults.listeners().get(0), http),
                defaults.store(), defaults.broker(), defaults.threads()));
        base = URI.create("http://127.0.0.1:" + gateway.listeners().get(1).port());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void createsATopicPublishesReceivesAcksAndShowsNoLag() throws Exception {
        HttpResponse<String> topic = post("/v1/topics", "{\"name\": \"web-orders\", \"type\": \"NORMAL\", \"queues\": 1}");
        assertThat(topic.statusCode()).as(topic.body()).isEqualTo(201);
        assertThat(json.readTree(topic.body()).path("writeQueues").asInt()).isEqualTo(1);
        assertThat(post("/v1/groups", "{\"name\": \"web-billing\", \"maxRetries\": 3}").statusCode()).isEqualTo(201);
        assertThat(get("/v1/topics").body()).contains("\"web-orders\"");

        HttpResponse<String> published = post("/v1/topics/web-orders/messages",
                "{\"messages\": [{\"body\": \"one\", \"tag\": \"A\", \"keys\": [\"k1\"], \"properties\": {\"p\": \"v\"}},"
                        + " {\"body\": \"two\", \"tag\": \"A\"}]}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json.readTree(published.body()).path("results").findValues("offset")).hasSize(2);

        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> answer = post("/v1/groups/web-billing/topics/web-orders/receive?wait=2s&max=8", "");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            json.readTree(answer.body()).path("messages").forEach(received::add);
            return received.size() >= 2;
        });
        assertThat(received).extracting(message -> message.path("body").asText()).containsExactlyInAnyOrder("one", "two");
        JsonNode first = received.stream().filter(message -> message.path("body").asText().equals("one")).findFirst()
                .orElseThrow();
        assertThat(first.path("keys").path(0).asText()).isEqualTo("k1");
        assertThat(first.path("properties").path("p").asText()).isEqualTo("v");
        for (JsonNode message : received) {
            HttpResponse<String> acked = post("/v1/groups/web-billing/topics/web-orders/ack",
                    "{\"receiptHandle\": \"" + message.path("receiptHandle").asText() + "\"}");
            assertThat(acked.statusCode()).as(acked.body()).isEqualTo(204);
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> offsets = get("/v1/groups/web-billing/offsets");
            assertThat(offsets.statusCode()).as(offsets.body()).isEqualTo(200);
            JsonNode progress = json.readTree(offsets.body());
            assertThat(progress.path("queues").findValuesAsText("topic")).contains("web-orders");
            assertThat(progress.path("totalLag").asLong()).isZero();
        });
        JsonNode described = json.readTree(get("/v1/topics/web-orders").body());
        assertThat(described.path("queues").path(0).path("maxOffset").asLong()).isEqualTo(2);

        assertThat(send(HttpRequest.newBuilder(base.resolve("/v1/topics/web-orders")).DELETE().build()).statusCode())
                .isEqualTo(204);
        assertThat(get("/v1/topics/web-orders").statusCode()).isEqualTo(404);
    }

    @Test
    void servesThePrometheusMetricsOfEveryProtocolIncludingItsOwnRequests() throws Exception {
        assertThat(post("/v1/topics/metered/messages", "{\"body\": \"x\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body())
                .containsPattern("wharf_connections\\{protocol=\"http\"} [1-9]")
                .containsPattern("wharf_requests_total\\{outcome=\"success\",protocol=\"http\",request=\"SEND_MESSAGE\"} [1-9]")
                .contains("wharf_request_duration_seconds_bucket{kind=\"call\",protocol=\"http\",le=\"+Inf\"}")
                .contains("jvm_memory_used_bytes");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
