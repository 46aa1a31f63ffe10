package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ClientTlsOptions;
import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.CertifiedKey;
import dev.wharf.transport.tls.DevelopmentAuthority;
import dev.wharf.transport.tls.PemFiles;
import dev.wharf.transport.tls.TlsModeHandler;
import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.tls.TlsPeer;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Remoting server and client over TLS in each mode, with mutual TLS, SNI and host name checks. */
class RemotingTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.now();
    private static final Duration DAY = Duration.ofDays(1);
    private static final String NO_PEER = "(none)";

    @TempDir
    static Path dir;

    private static TransportContext context;
    private static Path caFile;
    private static Path serverCert;
    private static Path serverKey;
    private static Path clientCert;
    private static Path clientKey;
    private static DevelopmentAuthority ca;

    private final AtomicInteger processed = new AtomicInteger();
    private final List<NettyRemotingServer> servers = new ArrayList<>();
    private final List<NettyRemotingClient> clients = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        context = TransportContext.builder().ioThreads(2).build();
        ca = DevelopmentAuthority.create("CN=Test CA", NOW, DAY);
        caFile = PemFiles.writeCertificates(dir.resolve("ca.crt"), ca.certificate().chain());
        CertifiedKey server = ca.issueServer("CN=localhost", List.of("localhost", "127.0.0.1"), NOW, DAY);
        serverCert = PemFiles.writeCertificates(dir.resolve("server.crt"), server.chain());
        serverKey = PemFiles.writePrivateKey(dir.resolve("server.key"), server.privateKey());
        CertifiedKey client = ca.issueClient("CN=orders-service", List.of("orders.internal"), NOW, DAY);
        clientCert = PemFiles.writeCertificates(dir.resolve("client.crt"), client.chain());
        clientKey = PemFiles.writePrivateKey(dir.resolve("client.key"), client.privateKey());
    }

    @AfterAll
    static void closeLoops() {
        context.close();
    }

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::close);
        servers.forEach(NettyRemotingServer::shutdown);
    }

    @Test
    void permissiveServesTlsAndPlaintextClients() throws Exception {
        String address = start(tls("permissive"));

        assertThat(peerSeenBy(client(Optional.of(trustingCa())), address)).isEqualTo(NO_PEER);
        assertThat(peerSeenBy(client(Optional.empty()), address)).isEqualTo(NO_PEER);
        assertThat(processed).hasValue(2);
    }

    @Test
    void enforcingNeverLetsAPlaintextFrameReachAProcessor() throws Exception {
        String address = start(tls("enforcing"));
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));

        try (LogLines log = new LogLines(TlsModeHandler.class);
                Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout((int) WAIT.toMillis());
            ByteBuf frame = Frames.encode(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(1).build());
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            plain.getOutputStream().write(bytes);

            assertClosedWithoutAnswer(plain);
            await().atMost(WAIT).untilAsserted(() -> assertThat(log.lines(Level.WARN)).containsExactly(
                    "plaintext connection from " + plain.getLocalSocketAddress() + " refused: listener is TLS-only"));
        }
        assertThatThrownBy(() -> invoke(client(Optional.empty()), address)).isInstanceOf(ExecutionException.class);
        assertThat(processed).hasValue(0);

        assertThat(peerSeenBy(client(Optional.of(trustingCa())), address)).isEqualTo(NO_PEER);
        assertThat(processed).hasValue(1);
    }

    @Test
    void enforcingRefusesPlaintextInAnEmbeddedPipeline() {
        ProcessorTable processors = new ProcessorTable();
        processors.registerDefaultProcessor(counting(), Runnable::run);
        TlsSupport enforcing = TlsSupport.fromOptions(tls("enforcing"), List.of(), Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingChannelInitializer(
                ChannelSettings.of(ServerConfig.of("127.0.0.1", 0)), processors, Clock.systemUTC(),
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new InFlightRequests(), true,
                Optional.of(enforcing)));

        ByteBuf frame = Frames.encode(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(1).build());
        // Byte by byte: the refusal must not wait for, or pass on, a whole frame.
        while (frame.isReadable() && channel.isOpen()) {
            channel.writeInbound(frame.readRetainedSlice(1));
        }
        frame.release();

        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(processed).hasValue(0);
        channel.finishAndReleaseAll();
    }

    @Test
    void disabledRefusesATlsClient() throws Exception {
        String address = start(tls("disabled"));

        assertThat(peerSeenBy(client(Optional.empty()), address)).isEqualTo(NO_PEER);
        assertThatThrownBy(() -> invoke(client(Optional.of(trustingCa())), address))
                .hasCauseInstanceOf(RemotingConnectException.class)
                .hasMessageContaining("TLS handshake with " + address + " failed");
        assertThat(processed).hasValue(1);
    }

    @Test
    void requireGivesProcessorsTheClientsIdentityAndRefusesAClientWithoutOne() throws Exception {
        String address = start(mutual("require"));

        ClientTlsOptions withCertificate = trustingCa().withClientCertificate(clientCert, clientKey, Optional.empty());
        assertThat(peerSeenBy(client(Optional.of(withCertificate)), address))
                .isEqualTo("CN=orders-service [orders.internal]");
        assertThat(processed).hasValue(1);

        assertThatThrownBy(() -> invoke(client(Optional.of(trustingCa())), address))
                .isInstanceOf(ExecutionException.class);
        assertThat(processed).hasValue(1);
    }

    @Test
    void optionalServesAClientWithoutACertificateAsAnonymous() throws Exception {
        String address = start(mutual("optional"));

        assertThat(peerSeenBy(client(Optional.of(trustingCa())), address)).isEqualTo(NO_PEER);
        assertThat(peerSeenBy(client(Optional.of(trustingCa()
                .withClientCertificate(clientCert, clientKey, Optional.empty()))), address))
                .isEqualTo("CN=orders-service [orders.internal]");
    }

    @Test
    void theClientChecksTheServersCertificateAndName() throws Exception {
        String address = start(tls("enforcing"));
        Path otherCa = PemFiles.writeCertificates(dir.resolve("other-ca.crt"),
                DevelopmentAuthority.create("CN=Other CA", NOW, DAY).certificate().chain());

        assertThatThrownBy(() -> invoke(client(Optional.of(ClientTlsOptions.trusting(otherCa))), address))
                .hasMessageContaining("TLS handshake with " + address + " failed");
        assertThatThrownBy(() -> invoke(client(Optional.of(trustingCa().withServerName("other.example"))), address))
                .hasMessageContaining("TLS handshake with " + address + " failed");
        assertThat(peerSeenBy(client(Optional.of(ClientTlsOptions.trustingAll().withServerName("other.example"))),
                address)).isEqualTo(NO_PEER);
    }

    @Test
    void theServerNameTheClientSendsPicksTheSniCertificate() throws Exception {
        CertifiedKey broker = ca.issueServer("CN=broker", List.of("broker.example.com"), NOW, DAY);
        String address = start(tls("enforcing")
                .withOption("tls.sni.broker.example.com.certPath",
                        PemFiles.writeCertificates(dir.resolve("broker.crt"), broker.chain()).toString())
                .withOption("tls.sni.broker.example.com.keyPath",
                        PemFiles.writePrivateKey(dir.resolve("broker.key"), broker.privateKey()).toString()));

        // The default certificate is for localhost only: the name check passes only with the SNI one.
        assertThat(peerSeenBy(client(Optional.of(trustingCa().withServerName("broker.example.com"))), address))
                .isEqualTo(NO_PEER);
    }

    @Test
    void withoutTlsOptionsTheServerIsPlaintextOnly() throws Exception {
        String address = start(ServerConfig.of("127.0.0.1", 0));

        assertThat(peerSeenBy(client(Optional.empty()), address)).isEqualTo(NO_PEER);
        assertThatThrownBy(() -> invoke(client(Optional.of(ClientTlsOptions.trustingAll())), address))
                .isInstanceOf(ExecutionException.class);
    }

    private static ServerConfig tls(String mode) {
        return ServerConfig.of("127.0.0.1", 0)
                .withOption(TlsOptions.MODE, mode)
                .withOption(TlsOptions.CERT_PATH, mode.equals("disabled") ? "" : serverCert.toString())
                .withOption(TlsOptions.KEY_PATH, mode.equals("disabled") ? "" : serverKey.toString());
    }

    private static ServerConfig mutual(String clientAuth) {
        return tls("enforcing").withOption(TlsOptions.CLIENT_AUTH, clientAuth).withOption(TlsOptions.CA_PATH, caFile.toString());
    }

    private static ClientTlsOptions trustingCa() {
        return ClientTlsOptions.trusting(caFile);
    }

    private String start(ServerConfig config) {
        NettyRemotingServer server = new NettyRemotingServer(context, config);
        server.registerDefaultProcessor(counting(), Runnable::run);
        server.start();
        servers.add(server);
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    /** Counts requests and answers with the caller's TLS identity in {@code peer}. */
    private RequestProcessor counting() {
        return (ctx, request) -> {
            processed.incrementAndGet();
            Optional<Principal> peer = ctx.connection().tlsPeer();
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                    .extField("peer", peer.map(p -> p instanceof TlsPeer ? p.toString() : "not a TlsPeer: " + p)
                            .orElse(NO_PEER))
                    .build());
        };
    }

    private NettyRemotingClient client(Optional<ClientTlsOptions> tls) {
        ClientOptions options = ClientOptions.defaults().withConnectTimeout(WAIT);
        NettyRemotingClient client = new NettyRemotingClient(context, tls.map(options::withTls).orElse(options));
        clients.add(client);
        return client;
    }

    private static RemotingCommand invoke(NettyRemotingClient client, String address) throws Exception {
        return client.invoke(address, RemotingCommand.request(RequestCode.HEART_BEAT).build(), WAIT)
                .get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    }

    private static String peerSeenBy(NettyRemotingClient client, String address) throws Exception {
        RemotingCommand response = invoke(client, address);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return response.extField("peer");
    }

    private static void assertClosedWithoutAnswer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        } catch (IOException reset) {
            assertThat(reset).hasMessageContaining("reset");
        }
    }
}
