package dev.wharf.transport.unified;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.TlsClients;
import dev.wharf.transport.tls.TlsModeHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A unified port on loopback: TLS by its mode, ALPN choosing among the protocols, start-up checks. */
class UnifiedServerTest {

    private final TransportContext context = TransportContext.builder().ioThreads(2).build();
    private final TestAdopter h2 = TestAdopter.detected("grpc", "PRI * HTTP/2.0", 200, "h2");
    private final TestAdopter http1 = TestAdopter.detected("websocket", "GET ", 100, "http/1.1");
    private final TestAdopter remoting = TestAdopter.fallback("remoting");
    private UnifiedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        context.close();
    }

    @Test
    void plaintextAndTlsOnAPermissivePortReachTheProtocolTheirBytesSay() throws Exception {
        start("permissive");

        try (Socket plain = new Socket("127.0.0.1", server.localAddress().getPort())) {
            assertThat(exchange(plain, "\0\0\0\u0004abcd")).isEqualTo("remoting");
        }
        try (SSLSocket tls = tls(List.of())) {
            assertThat(exchange(tls, "GET / HTTP/1.1\r\n\r\n")).isEqualTo("websocket");
        }
        try (SSLSocket tls = tls(List.of())) {
            assertThat(exchange(tls, "\0\0\0\u0004abcd")).as("Remoting over TLS, no ALPN").isEqualTo("remoting");
        }
        assertThat(server.protocol().name()).isEqualTo("grpc+websocket+remoting");
        assertThat(List.of(h2, http1, remoting)).allSatisfy(adopter -> assertThat(adopter.started).isTrue());
    }

    @Test
    void theAlpnProtocolATlsClientNegotiatedDecidesWhichProtocolsMayTakeIt() throws Exception {
        start("permissive");

        try (SSLSocket tls = tls(List.of("h2", "http/1.1"))) {
            assertThat(exchange(tls, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo("grpc");
            assertThat(tls.getApplicationProtocol()).as("the server prefers h2").isEqualTo("h2");
        }
        try (SSLSocket tls = tls(List.of("http/1.1"))) {
            assertThat(exchange(tls, "GET / HTTP/1.1\r\n\r\n")).isEqualTo("websocket");
        }
        try (SSLSocket tls = tls(List.of("h2"))) {
            assertThat(exchange(tls, "GET / HTTP/1.1\r\n\r\n")).as("nothing spoken over h2 claims it").isNull();
        }
        assertThat(http1.adopted).hasSize(1);
    }

    @Test
    void anEnforcingPortRefusesPlaintextBeforeAnyProtocolSeesIt() throws Exception {
        start("enforcing");

        try (LogLines log = new LogLines(TlsModeHandler.class, Level.WARN)) {
            for (String opening : List.of("\0\0\0\u0004abcd", "GET / HTTP/1.1\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")) {
                try (Socket plain = new Socket("127.0.0.1", server.localAddress().getPort())) {
                    assertThat(exchange(plain, opening)).isNull();
                }
            }
            assertThat(log.lines(Level.WARN)).hasSize(3).allSatisfy(line -> assertThat(line)
                    .startsWith("plaintext connection from /127.0.0.1:").endsWith("refused: listener is TLS-only"));
        }
        assertThat(List.of(h2, http1, remoting)).allSatisfy(adopter -> assertThat(adopter.adopted).isEmpty());
        try (SSLSocket tls = tls(List.of())) {
            assertThat(exchange(tls, "GET / HTTP/1.1\r\n\r\n")).isEqualTo("websocket");
        }
    }

    @Test
    void protocolsThatClaimTheSameBytesFailBeforeAnythingIsBound() {
        TestAdopter rival = TestAdopter.detected("rival", "GET ", 100);
        ServerConfig config = ServerConfig.of("127.0.0.1", 0);

        assertThatThrownBy(() -> new UnifiedServer(context, config, List.of(http1, rival)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("websocket and rival both claim");
    }

    @Test
    void shutdownClosesEveryProtocolAndTheConnectionsStillBeingDetected() throws Exception {
        start("permissive");
        try (Socket undecided = new Socket("127.0.0.1", server.localAddress().getPort())) {
            undecided.getOutputStream().write("GET".getBytes(StandardCharsets.US_ASCII));
            undecided.setSoTimeout(10_000);

            server.shutdown();

            assertClosedByTheServer(undecided);
        }
        assertThat(List.of(h2, http1, remoting)).allSatisfy(adopter -> assertThat(adopter.closed).isTrue());
    }

    @Test
    void optionsArePassedToTheProtocolsWithoutThePortsOwn() {
        ServerConfig port = ServerConfig.of("127.0.0.1", 0).withOption("tls.mode", "permissive")
                .withOption("proxyProtocol", "true").withOption("detectionTimeout", "PT3S")
                .withOption("tokens", "s3cret");

        assertThat(UnifiedServer.protocolConfig(port).options()).containsOnlyKeys("tokens");
        assertThatThrownBy(() -> new UnifiedServer(context, port.withOption("proxyProtocol", "yes"),
                List.<ChannelAdopter>of(remoting)))
                .hasMessageContaining("proxyProtocol must be true or false, got 'yes'");
    }

    @Test
    void aDrainClosesConnectionsStillBeingDetectedAndLetsEachProtocolDrainItsOwn() throws Exception {
        start("disabled");
        int port = server.localAddress().getPort();
        try (Socket adopted = new Socket("127.0.0.1", port); Socket detecting = new Socket("127.0.0.1", port)) {
            assertThat(exchange(adopted, "\0\0\0\u0004abcd")).isEqualTo("remoting");
            Duration timeout = Duration.ofSeconds(10);

            CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.shutdownGracefully(timeout));

            detecting.setSoTimeout(10_000);
            assertThat(detecting.getInputStream().read()).as("closed, nothing under way").isEqualTo(-1);
            await().atMost(timeout).until(() -> List.of(h2, http1, remoting).stream()
                    .allMatch(adopter -> timeout.equals(adopter.drainedWithin)));
            assertThat(remoting.adopted.get(0).isOpen()).as("its protocol drains it").isTrue();
            assertThat(draining).isNotDone();
            try (Socket late = new Socket()) {
                assertThatThrownBy(() -> late.connect(new InetSocketAddress("127.0.0.1", port), 1_000))
                        .isInstanceOf(IOException.class);
            }

            List.of(h2, http1, remoting).forEach(adopter -> adopter.drainFinishes.complete(null));

            assertThat(draining).succeedsWithin(timeout);
            assertThat(remoting.adopted.get(0).isOpen()).isFalse();
            assertThat(List.of(h2, http1, remoting)).allSatisfy(adopter -> assertThat(adopter.closed).isTrue());
        }
    }

    private void start(String tlsMode) {
        server = new UnifiedServer(context, ServerConfig.of("127.0.0.1", 0).withOption("tls.mode", tlsMode),
                List.of(h2, http1, remoting));
        server.start();
    }

    private SSLSocket tls(List<String> alpn) throws Exception {
        SSLSocket socket = TlsClients.connect(server.localAddress().getPort(), Optional.empty(), Optional.empty());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** Sends an opening and reads the name of the protocol that took it; null when the port closed instead. */
    /**
     * The server closed the connection: end of stream, or a reset when it closed before reading the bytes the
     * client had sent (the kernel then answers with RST instead of FIN).
     */
    private static void assertClosedByTheServer(Socket socket) {
        try {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (IOException e) {
            assertThat(e).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    private static String exchange(Socket socket, String opening) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(opening.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        try {
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (IOException closed) {
            return null;
        }
    }
}
