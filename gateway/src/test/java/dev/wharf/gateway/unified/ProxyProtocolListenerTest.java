package dev.wharf.gateway.unified;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxyProtocol} in a listener's YAML reaches the port it binds: with it on, a connection that opens
 * with a PROXY header is served and one without is refused; with it off, the reverse. (How the header's
 * address becomes the connection's is transport-unified's own test.)
 */
class ProxyProtocolListenerTest {

    private static final String PROXY_V1 = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 8082\r\n";
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: wharf\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dataDir;

    @Test
    void aListenerBehindALoadBalancerServesConnectionsThatOpenWithAProxyHeaderAndRefusesOthers() throws Exception {
        try (LocalGateway gateway = start(true)) {
            int port = gateway.listeners().get(0).port();

            assertThat(exchange(port, PROXY_V1 + HEALTH)).startsWith("HTTP/1.1 200");
            assertThat(exchange(port, HEALTH)).as("no header where one is required").isEmpty();
        }
    }

    @Test
    void aListenerWithoutProxyProtocolRefusesAForgedHeader() throws Exception {
        try (LocalGateway gateway = start(false)) {
            int port = gateway.listeners().get(0).port();

            assertThat(exchange(port, PROXY_V1 + HEALTH)).as("a forged header").isEmpty();
            assertThat(exchange(port, HEALTH)).startsWith("HTTP/1.1 200");
        }
    }

    private LocalGateway start(boolean proxyProtocol) {
        ListenerConfig listener = new ListenerConfig("edge", "127.0.0.1", 0,
                List.of(ProtocolType.REMOTING, ProtocolType.HTTP), Optional.empty(), Map.of(), proxyProtocol);
        return LocalGateway.start(TestGateway.config(dataDir).withListeners(List.of(listener)));
    }

    /** Writes {@code request} and returns everything the gateway answers before it closes the connection. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
