package dev.wharf.gateway.unified;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.TlsSettings;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ClientTlsOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.tls.TrustingAnyServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway port carrying every protocol: the same publish (and, where the protocol has it, receive) over
 * each, in the clear, over TLS on a permissive port, and refused in the clear on an enforcing port with
 * nothing reaching a processor.
 */
class UnifiedPortTest {

    private static final List<ProtocolType> ALL = List.of(ProtocolType.REMOTING, ProtocolType.GRPC, ProtocolType.HTTP,
            ProtocolType.WEBSOCKET);

    @TempDir
    Path dataDir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyProtocolIsServedOnOnePlaintextPort() throws Exception {
        try (LocalGateway gateway = start(Optional.empty())) {
            int port = gateway.listeners().get(0).port();
            assertThat(gateway.listeners().get(0).describe())
                    .isEqualTo("remoting+grpc+http+websocket on 127.0.0.1:" + port);

            assertRemotingSends(port, ClientOptions.defaults());
            assertGrpcQueriesTheRoute(port, NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext());
            assertHttpPublishesAndReceives(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    "http://127.0.0.1:" + port, "plain-h1");
            assertHttpPublishesAndReceives(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(),
                    "http://127.0.0.1:" + port, "plain-h2c");
            assertWebSocketPublishes(HttpClient.newHttpClient(), "ws://127.0.0.1:" + port, "plain-ws");
        }
    }

    @Test
    void everyProtocolIsServedOverTlsOnAPermissivePort() throws Exception {
        try (LocalGateway gateway = start(Optional.of(TlsSettings.permissive()))) {
            int port = gateway.listeners().get(0).port();
            HttpClient tls = HttpClient.newBuilder().sslContext(TrustingAnyServer.context()).build();

            assertRemotingSends(port, ClientOptions.defaults().withTls(ClientTlsOptions.trustingAll()));
            assertGrpcQueriesTheRoute(port, NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(
                    GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()));
            assertHttpPublishesAndReceives(tls, "https://127.0.0.1:" + port, "tls-h2");
            assertWebSocketPublishes(tls, "wss://127.0.0.1:" + port, "tls-ws");
            assertRemotingSends(port, ClientOptions.defaults());
        }
    }

    @Test
    void anEnforcingPortRefusesPlaintextOfEveryProtocolBeforeAProcessorSeesIt() throws Exception {
        try (LocalGateway gateway = start(Optional.of(new TlsSettings(TlsSettings.Mode.ENFORCING, Optional.empty(), Optional.empty(),
                Optional.empty())))) {
            int port = gateway.listeners().get(0).port();

            try (RemotingTestClient client = new RemotingTestClient("127.0.0.1:" + port)) {
                assertThat(CompletableFuture.supplyAsync(() -> client.send("refused", 0, "A", "x")))
                        .failsWithin(Duration.ofSeconds(15));
            }
            assertThat(CompletableFuture.supplyAsync(() -> send(HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + port, "/v1/topics")))
                    .failsWithin(Duration.ofSeconds(15));
            ManagedChannel grpc = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                assertThat(CompletableFuture.supplyAsync(() -> MessagingServiceGrpc.newBlockingStub(grpc)
                        .withDeadlineAfter(10, TimeUnit.SECONDS).queryRoute(route("refused"))))
                        .failsWithin(Duration.ofSeconds(15));
            } finally {
                grpc.shutdownNow();
            }
            assertThat(HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/ws"), new WebSocket.Listener() {}))
                    .failsWithin(Duration.ofSeconds(15));

            String metrics = gateway.metrics().scrape();
            for (ProtocolType protocol : ALL) {
                assertThat(metrics).doesNotContainPattern("wharf_requests_total\\{[^}]*protocol=\"" + protocol + "\"")
                        .contains("wharf_connections_opened_total{protocol=\"" + protocol + "\"} 0.0");
            }
            assertHttpPublishesAndReceives(HttpClient.newBuilder().sslContext(TrustingAnyServer.context()).build(),
                    "https://127.0.0.1:" + port, "enforced-h2");
        }
    }

    private LocalGateway start(Optional<TlsSettings> tls) {
        GatewayConfig defaults = TestGateway.config(dataDir);
        ListenerConfig unified = new ListenerConfig("unified", "127.0.0.1", 0, ALL, tls, Map.of(), false);
        return LocalGateway.start(new GatewayConfig(defaults.mode(), List.of(unified), defaults.store(),
                defaults.broker(), defaults.threads()));
    }

    private static void assertRemotingSends(int port, ClientOptions options) {
        try (RemotingTestClient client = new RemotingTestClient("127.0.0.1:" + port, options)) {
            assertThat(client.send("unified-remoting", 0, "A", "over remoting").code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private static void assertGrpcQueriesTheRoute(int port, NettyChannelBuilder builder) throws Exception {
        ManagedChannel channel = builder.build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), "test@1@1@unified");
            QueryRouteResponse route = MessagingServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .queryRoute(route("unified-remoting"));
            assertThat(route.getStatus().getCode()).as(route.getStatus().getMessage()).isEqualTo(Code.OK);
            assertThat(route.getMessageQueuesList()).isNotEmpty().allSatisfy(queue -> assertThat(
                    queue.getBroker().getEndpoints().getAddresses(0).getPort()).as("the unified port").isEqualTo(port));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static QueryRouteRequest route(String topic) {
        return QueryRouteRequest.newBuilder().setTopic(Resource.newBuilder().setName(topic)).build();
    }

    private void assertHttpPublishesAndReceives(HttpClient client, String base, String name) throws Exception {
        String topic = name + "-topic";
        HttpResponse<String> created = send(client, base, "/v1/topics",
                "{\"name\": \"" + topic + "\", \"type\": \"NORMAL\", \"queues\": 1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> published = send(client, base, "/v1/topics/" + topic + "/messages",
                "{\"messages\": [{\"body\": \"over http\"}]}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> received = send(client, base,
                    "/v1/groups/" + name + "-readers/topics/" + topic + "/receive?wait=1s&max=4", "");
            assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
            JsonNode messages = json.readTree(received.body()).path("messages");
            assertThat(messages.findValuesAsText("body")).containsExactly("over http");
        });
    }

    private void assertWebSocketPublishes(HttpClient client, String base, String topic) throws Exception {
        assertThat(send(client, base.replace("ws", "http"), "/v1/topics",
                "{\"name\": \"" + topic + "\", \"type\": \"NORMAL\", \"queues\": 1}").statusCode()).isEqualTo(201);
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create(base + "/v1/ws"), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    reply.complete(text.toString());
                }
                webSocket.request(1);
                return null;
            }
        }).get(15, TimeUnit.SECONDS);
        socket.sendText("{\"op\":\"publish\",\"id\":\"p1\",\"topic\":\"" + topic + "\",\"body\":\"over websocket\"}", true);

        JsonNode answer = json.readTree(reply.get(15, TimeUnit.SECONDS));
        assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("published");
        assertThat(answer.path("id").asText()).isEqualTo("p1");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(15, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(HttpClient client, String base, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpClient client, String base, String path, String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(25))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
