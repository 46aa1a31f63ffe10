package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SystemProperties;
import com.google.protobuf.ByteString;
import dev.wharf.transport.grpc.TestClients.TrustingRecorder;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.CertifiedKey;
import dev.wharf.transport.tls.Openings;
import dev.wharf.transport.tls.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gRPC port as clients meet it: TLS modes, certificates, in-band refusals and transport limits. */
class GrpcListenerTest {

    private static final QueryRouteRequest QUERY_ROUTE = QueryRouteRequest.newBuilder()
            .setTopic(Resource.newBuilder().setName("orders"))
            .build();
    private static final Map<String, String> CLIENT = Map.of("x-mq-client-id", "client-1", "x-mq-language", "JAVA");

    private TestGrpcServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            TestClients.close(channel);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void permissiveServesPlaintextAndTlsClientsOnOnePort() throws InterruptedException {
        server = TestGrpcServer.start();
        TrustingRecorder trust = new TrustingRecorder();

        channel = TestClients.plaintext(server.port());
        assertThat(callWithoutClientId().getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);
        TestClients.close(channel);
        channel = TestClients.tls(server.port(), trust);
        assertThat(callWithoutClientId().getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);

        assertThat(trust.serverChains).isNotEmpty();
    }

    @Test
    void withoutACertificateTheDevelopmentOneIsServed() throws Exception {
        server = TestGrpcServer.start();
        TrustingRecorder trust = new TrustingRecorder();
        channel = TestClients.tls(server.port(), trust);

        callWithoutClientId();

        X509Certificate served = trust.serverChains.get(0)[0];
        assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=wharf-dev");
        assertThat(served.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1)).contains("localhost", "127.0.0.1");
    }

    @Test
    void theConfiguredCertificateIsServed(@TempDir Path dir) throws Exception {
        CertifiedKey configured = TestCertificates.selfSigned("orders.example.com", "RSA");
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), configured.chain());
        Path key = TestCertificates.writeEncryptedPkcs8(dir.resolve("server.key"), configured.privateKey(), "s3cret");
        server = TestGrpcServer.start("tls.mode", "enforcing", "tls.certPath", cert.toString(),
                "tls.keyPath", key.toString(), "tls.keyPassword", "s3cret");
        TrustingRecorder trust = new TrustingRecorder();
        channel = TestClients.tls(server.port(), trust);

        assertThat(callWithoutClientId().getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);

        assertThat(trust.serverChains.get(0)).containsExactly(configured.certificate());
    }

    @Test
    void enforcingDisconnectsPlaintextClients() throws Exception {
        server = TestGrpcServer.start("tls.mode", "enforcing");

        assertThat(closedAfterSending(Openings.H2C)).isTrue();
        channel = TestClients.plaintext(server.port());
        assertThatThrownBy(this::callWithoutClientId)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        TestClients.close(channel);

        channel = TestClients.tls(server.port(), new TrustingRecorder());
        assertThat(callWithoutClientId().getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);
    }

    @Test
    void disabledDisconnectsTlsClients() throws Exception {
        server = TestGrpcServer.start("tls.mode", "disabled");

        assertThat(closedAfterSending(Openings.clientHello())).isTrue();
        channel = TestClients.tls(server.port(), new TrustingRecorder());
        assertThatThrownBy(this::callWithoutClientId)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        TestClients.close(channel);

        channel = TestClients.plaintext(server.port());
        assertThat(callWithoutClientId().getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);
    }

    @Test
    void permissiveKeepsAPlaintextClientThatOpenedProperly() throws Exception {
        server = TestGrpcServer.start();

        assertThat(closedAfterSending(Openings.H2C)).isFalse();
    }

    @Test
    void anUnusableCertificateFailsBeforeAnythingIsBound(@TempDir Path dir) {
        Path missing = dir.resolve("missing.crt");
        ServerConfig config = ServerConfig.of("127.0.0.1", 0)
                .withOption("tls.certPath", missing.toString())
                .withOption("tls.keyPath", dir.resolve("missing.key").toString());

        try (TransportContext context = TransportContext.builder().ioThreads(1).build()) {
            assertThatThrownBy(() -> new GrpcTransportProvider().newServer(context, config))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tls.certPath " + missing.toAbsolutePath() + ": no such file");
        }
    }

    @Test
    void aCallWithoutClientIdIsRefusedInBandWithGrpcOk() {
        server = TestGrpcServer.start();
        channel = TestClients.plaintext(server.port());

        QueryRouteResponse response = callWithoutClientId();

        assertThat(response.getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);
        assertThat(response.getStatus().getMessage()).isEqualTo("client id cannot be empty");
    }

    @Test
    void aFullBusinessPoolAnswersFlowLimitInBand() throws InterruptedException {
        server = TestGrpcServer.start("businessThreads", "1", "businessQueue", "1");
        channel = TestClients.plaintext(server.port());
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = server.pool();
        try {
            pool.execute(() -> awaitQuietly(release));
            pool.execute(() -> awaitQuietly(release));

            QueryRouteResponse response = TestClients.stub(channel, CLIENT).queryRoute(QUERY_ROUTE);

            assertThat(response.getStatus().getCode()).isEqualTo(Code.TOO_MANY_REQUESTS);
            assertThat(response.getStatus().getMessage()).isEqualTo("flow limit");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aMessageOverTheInboundLimitIsRefusedWithResourceExhausted() {
        server = TestGrpcServer.start("maxInboundMessageSize", "2048");
        channel = TestClients.plaintext(server.port());

        assertThat(TestClients.stub(channel, CLIENT).sendMessage(send(1024)).getStatus().getCode())
                .isNotEqualTo(Code.CODE_UNSPECIFIED);
        assertThatThrownBy(() -> TestClients.stub(channel, CLIENT).sendMessage(send(4096)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @ParameterizedTest(name = "over TLS: {0}")
    @ValueSource(booleans = {false, true})
    void headersNamingServerInternalKeysDoNotMoveTheClient(boolean overTls) {
        server = TestGrpcServer.start();
        channel = overTls ? TestClients.tls(server.port(), new TrustingRecorder()) : TestClients.plaintext(server.port());

        TestClients.stub(channel, Map.of(
                        "x-mq-client-id", "forger",
                        "rpc-remote-address", "10.1.2.3:4567",
                        "rpc-local-address", "10.9.9.9:8081",
                        "x-mq-channel-id", "someone-else"))
                .queryRoute(QUERY_ROUTE);

        GrpcClientConnection connection = server.server.sessions().orElseThrow().find("forger").orElseThrow();
        InetSocketAddress remote = (InetSocketAddress) connection.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) connection.localAddress();
        assertThat(remote.getAddress().isLoopbackAddress()).isTrue();
        assertThat(local.getAddress().isLoopbackAddress()).isTrue();
        assertThat(local.getPort()).isEqualTo(server.port());
        assertThat(connection.id()).isEqualTo("grpc:forger");
    }

    private QueryRouteResponse callWithoutClientId() {
        return TestClients.stub(channel, Map.of()).queryRoute(QUERY_ROUTE);
    }

    private static SendMessageRequest send(int bodySize) {
        return SendMessageRequest.newBuilder()
                .addMessages(Message.newBuilder()
                        .setTopic(Resource.newBuilder().setName("orders"))
                        .setSystemProperties(SystemProperties.newBuilder().setMessageId("01"))
                        .setBody(ByteString.copyFrom(new byte[bodySize])))
                .build();
    }

    /**
     * Whether the server closes a raw connection that sent {@code opening}: it closes at once when it
     * refuses, and answers with its own HTTP/2 settings when it serves.
     */
    private boolean closedAfterSending(byte[] opening) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(opening);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read() < 0;
            } catch (SocketException reset) {
                return true;
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
