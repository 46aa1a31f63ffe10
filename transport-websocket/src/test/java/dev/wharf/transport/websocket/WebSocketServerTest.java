package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real listener on 127.0.0.1 with a fake broker behind it, and the JDK's WebSocket client in front. */
class WebSocketServerTest {

    private final TransportContext context = TransportContext.builder().ioThreads(1).build();
    private final RecordingBroker broker = new RecordingBroker();
    private RemotingServer server;

    WebSocketServerTest() {
        broker.on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("queueId", 2).extField("queueOffset", 5).build());
        broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("popTime", PopAnswers.POP_TIME + 5)
                        .extField("invisibleTime", request.extField("invisibleTime")).extField("reviveQid", 1).build());
        AtomicInteger pops = new AtomicInteger();
        // The first pop finds two messages; later ones find nothing at once (a short long poll).
        broker.on(RequestCode.POP_MESSAGE, request -> pops.getAndIncrement() == 0
                ? PopAnswers.found(request, "0 3 10", PopAnswers.record("orders", 3, 10, 4096, "A", 0),
                        PopAnswers.record("orders", 3, 11, 8192, "A", 0))
                : PopAnswers.empty(request, ResponseCode.POLLING_TIMEOUT));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        context.close();
    }

    private URI start(String... options) {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0);
        for (int i = 0; i < options.length; i += 2) {
            config = config.withOption(options[i], options[i + 1]);
        }
        server = new WebSocketTransportProvider().newServer(context, config);
        server.registerDefaultProcessor((ctx, command) -> broker.processors().dispatch(ctx, command), Runnable::run);
        server.start();
        return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/v1/ws");
    }

    @Test
    void connectionsAndRequestsAreCountedAsWebSocketsInTheMetrics() {
        try (TestClient client = TestClient.connect(start())) {
            client.send("{\"op\":\"publish\",\"id\":\"p\",\"topic\":\"orders\",\"body\":\"hi\"}");
            assertThat(client.next().get("type").asText()).isEqualTo("published");
            assertThat(context.metrics().connections(ProtocolType.WEBSOCKET).open()).isEqualTo(1);
            assertThat(context.metrics().registry().get("wharf.requests").tag("protocol", "websocket")
                    .tag("request", "SEND_MESSAGE").tag("outcome", "success").counter().count()).isEqualTo(1);
        }
        await().untilAsserted(() ->
                assertThat(context.metrics().connections(ProtocolType.WEBSOCKET).open()).isZero());
    }

    @Test
    void publishSubscribeAckAndNackThroughARealSocket() {
        try (TestClient client = TestClient.connect(start("receiveWait", "200ms"))) {
            client.send("{\"op\":\"publish\",\"id\":\"p\",\"topic\":\"orders\",\"body\":\"aGk=\",\"encoding\":\"base64\","
                    + "\"tag\":\"A\",\"keys\":[\"k\"],\"properties\":{\"region\":\"eu\"}}");
            ObjectNode published = client.next();
            assertThat(published.get("type").asText()).isEqualTo("published");
            assertThat(published.get("queue").asInt()).isEqualTo(2);
            assertThat(broker.only(RequestCode.SEND_MESSAGE).body()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));

            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"group\":\"billing\",\"topic\":\"orders\",\"credits\":5}");
            assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
            ObjectNode first = client.next("message");
            ObjectNode second = client.next("message");
            assertThat(first.get("body").asText()).isEqualTo("body-10");
            assertThat(second.get("body").asText()).isEqualTo("body-11");
            assertThat(broker.commands(RequestCode.POP_MESSAGE).get(0).extField("maxMsgNums")).isEqualTo("5");
            // Three credits are left, so the subscription keeps long-polling for at most three.
            await().until(() -> broker.commands(RequestCode.POP_MESSAGE).size() >= 2);
            assertThat(broker.commands(RequestCode.POP_MESSAGE).get(1).extField("maxMsgNums")).isEqualTo("3");

            client.send(settle("ack", first));
            assertThat(client.next("acked").get("id").asText()).isEqualTo("ack");
            client.send(settle("nack", second));
            assertThat(client.next("nacked").get("id").asText()).isEqualTo("nack");
            assertThat(broker.only(RequestCode.ACK_MESSAGE).extField("offset")).isEqualTo("10");
            assertThat(broker.only(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).extField("offset")).isEqualTo("11");
        }
    }

    @Test
    void aBinaryBodyFramePublishesRawBytesAndABinarySubscriptionReceivesThem() throws InterruptedException {
        try (TestClient client = TestClient.connect(start("receiveWait", "200ms"))) {
            client.send("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"bodyFrame\":true}");
            client.sendBinary(new byte[] {(byte) 0xCA, (byte) 0xFE});
            assertThat(client.next().get("type").asText()).isEqualTo("published");
            assertThat(broker.only(RequestCode.SEND_MESSAGE).body()).containsExactly(0xCA, 0xFE);

            client.send("{\"op\":\"subscribe\",\"id\":2,\"group\":\"g\",\"topic\":\"orders\",\"binary\":true}");
            assertThat(client.next("message").get("bodyFrame").asBoolean()).isTrue();
            assertThat(client.nextBody()).asString(StandardCharsets.UTF_8).isEqualTo("body-10");
        }
    }

    @Test
    void aPageOfAnotherOriginIsRefusedAtTheHandshakeWith403() {
        URI uri = start();

        assertThatThrownBy(() -> TestClient.connect(HttpClient.newHttpClient(), uri, "http://evil.example"))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(failure -> assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse()
                        .statusCode()).isEqualTo(403));
        TestClient.connect(HttpClient.newHttpClient(), uri, "http://127.0.0.1:" + uri.getPort()).close();
    }

    @Test
    void aTokenOpensTheConnectionInTheUrlOrInTheFirstFrame() {
        URI uri = start("tokens", "s3cret");

        try (TestClient byQuery = TestClient.connect(URI.create(uri + "?token=s3cret"))) {
            byQuery.send("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");
            assertThat(byQuery.next().get("type").asText()).isEqualTo("published");
        }
        try (TestClient byFrame = TestClient.connect(uri)) {
            byFrame.send("{\"op\":\"auth\",\"id\":1,\"token\":\"s3cret\"}");
            assertThat(byFrame.next().get("type").asText()).isEqualTo("authenticated");
        }
        try (TestClient wrong = TestClient.connect(URI.create(uri + "?token=guess"))) {
            assertThat(wrong.closed().code()).isEqualTo(1008);
        }
        try (TestClient none = TestClient.connect(uri)) {
            none.send("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");
            assertThat(none.closed()).isEqualTo(new TestClient.Closed(4401,
                    "authenticate first: {\"op\":\"auth\",\"token\":\"...\"}"));
        }
    }

    @Test
    void theWebPageIsServedOverHttp() throws Exception {
        URI uri = start();

        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uri.getPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Wharf console</title>");
    }

    @Test
    void wssWorksWithTheDevelopmentCertificate() throws Exception {
        URI plain = start("tls.mode", "enforcing");
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        HttpClient tls = HttpClient.newBuilder().sslContext(trustAll).connectTimeout(Duration.ofSeconds(5)).build();

        try (TestClient client = TestClient.connect(tls, URI.create("wss://127.0.0.1:" + plain.getPort() + "/v1/ws"),
                null)) {
            client.send("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");
            assertThat(client.next().get("type").asText()).isEqualTo("published");
        }
    }

    private static String settle(String op, ObjectNode message) {
        return "{\"op\":\"" + op + "\",\"id\":\"" + op + "\",\"group\":\"billing\",\"topic\":\"orders\","
                + "\"receiptHandle\":\"" + message.get("receiptHandle").asText() + "\"}";
    }
}
