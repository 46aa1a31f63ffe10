package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.TlsSettings;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.message.StoredMessage;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGatewayTest {

    @TempDir
    Path dataDir;

    @Test
    void aListenerOnPortZeroReportsTheRealPort() {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            assertThat(gateway.address()).matches("127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
        }
    }

    @Test
    void routesAdvertiseTheAddressTheClientReachedTheGatewayOn() throws IOException {
        try (TestGateway gateway = TestGateway.start(dataDir);
                RemotingTestClient client = new RemotingTestClient(gateway.address())) {
            assertThat(client.send("routes", 0, "TagA", "first").code()).isEqualTo(ResponseCode.SUCCESS);

            RemotingCommand route = client.route("routes");

            assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
            JsonNode broker = new ObjectMapper().readTree(route.body()).path("brokerDatas").path(0);
            assertThat(broker.path("brokerAddrs").path("0").asText()).isEqualTo(gateway.address());
        }
    }

    @Test
    void anUnknownTopicHasNoRoute() {
        try (TestGateway gateway = TestGateway.start(dataDir);
                RemotingTestClient client = new RemotingTestClient(gateway.address())) {
            RemotingCommand route = client.route("never-sent-to");

            assertThat(route.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(route.remark()).contains("never-sent-to");
        }
    }

    @Test
    void aSentMessageCanBePulledBack() {
        try (TestGateway gateway = TestGateway.start(dataDir);
                RemotingTestClient client = new RemotingTestClient(gateway.address())) {
            RemotingCommand sent = client.send("orders", 1, "TagA", "order 1");
            assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(sent.extField("queueId")).isEqualTo("1");

            List<StoredMessage> pulled = RemotingTestClient.messages(client.pull("order-readers", "orders", 1, 0));

            assertThat(pulled).singleElement().satisfies(message -> {
                assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("order 1");
                assertThat(message.tags()).isEqualTo("TagA");
                assertThat(message.topic()).isEqualTo("orders");
            });
        }
    }

    @Test
    void closingFlushesSoARestartOnTheSameDirectoryStillHasTheMessage() {
        try (TestGateway gateway = TestGateway.start(dataDir);
                RemotingTestClient client = new RemotingTestClient(gateway.address())) {
            assertThat(client.send("durable", 0, "TagA", "kept").code()).isEqualTo(ResponseCode.SUCCESS);
        }

        try (TestGateway restarted = TestGateway.start(dataDir);
                RemotingTestClient client = new RemotingTestClient(restarted.address())) {
            List<StoredMessage> pulled = RemotingTestClient.messages(client.pull("readers", "durable", 0, 0));

            assertThat(pulled).extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                    .containsExactly("kept");
        }
    }

    @Test
    void aListenerForAProtocolNoTransportServesIsAConfigurationError() {
        GatewayConfig config = withListener(new ListenerConfig("web", "127.0.0.1", 0, List.of(ProtocolType.of("stomp"))));

        assertThatThrownBy(() -> LocalGateway.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[0].protocols: no transport on the class path or in the plugin folder serves 'stomp'; available: grpc, http, mqtt, plaintext-test, remoting, websocket");
    }

    @Test
    void aProtocolWhoseTransportCannotShareAPortOnAUnifiedListenerIsAConfigurationError() {
        GatewayConfig config = withListener(new ListenerConfig(
                "shared", "127.0.0.1", 0, List.of(ProtocolType.REMOTING, PlaintextOnlyTransportProvider.PROTOCOL)));

        assertThatThrownBy(() -> LocalGateway.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[0].protocols: the plaintext-test transport cannot share a port or read PROXY "
                        + "protocol headers; give it a listener of its own");
    }

    @Test
    void aFailedStartReleasesTheDataDirectoryForTheNextStart() {
        try (TestGateway first = TestGateway.start(dataDir.resolve("first"))) {
            int taken = Integer.parseInt(first.address().substring(first.address().indexOf(':') + 1));
            GatewayConfig clash = withListener(new ListenerConfig("remoting", "127.0.0.1", taken, List.of(ProtocolType.REMOTING)));

            assertThatThrownBy(() -> LocalGateway.start(clash)).isNotInstanceOf(ConfigException.class);
        }
        try (TestGateway retried = TestGateway.start(dataDir)) {
            assertThat(retried.address()).doesNotEndWith(":0");
        }
    }

    @Test
    void tlsOnAListenerWhoseTransportCannotServeItIsAConfigurationError() {
        GatewayConfig config = withListener(new ListenerConfig("plugin", "127.0.0.1", 0,
                List.of(PlaintextOnlyTransportProvider.PROTOCOL), Optional.of(TlsSettings.permissive())));

        assertThatThrownBy(() -> LocalGateway.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[0].tls: the plaintext-test transport does not serve TLS; remove this section");
    }

    @Test
    void aCertificateTheTransportCannotUseIsAConfigurationErrorNamingTheFile() {
        Path missing = dataDir.resolve("missing.crt");
        TlsSettings tls = new TlsSettings(TlsSettings.Mode.ENFORCING, Optional.of(missing),
                Optional.of(dataDir.resolve("missing.key")), Optional.empty());
        GatewayConfig config = withListener(
                new ListenerConfig("grpc", "127.0.0.1", 0, List.of(ProtocolType.GRPC), Optional.of(tls)));

        assertThatThrownBy(() -> LocalGateway.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[0]: tls.certPath " + missing.toAbsolutePath() + ": no such file");
    }

    @Test
    void aGrpcListenerServesTheTlsModeItIsGiven() throws IOException {
        TlsSettings enforcing = new TlsSettings(TlsSettings.Mode.ENFORCING, Optional.empty(), Optional.empty(), Optional.empty());
        GatewayConfig config = withListener(
                new ListenerConfig("grpc", "127.0.0.1", 0, List.of(ProtocolType.GRPC), Optional.of(enforcing)));

        try (LocalGateway gateway = LocalGateway.start(config);
                Socket plaintext = new Socket("127.0.0.1", gateway.listeners().get(0).port())) {
            plaintext.setSoTimeout(5_000);
            plaintext.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(readOrReset(plaintext)).as("the server closed the plaintext connection").isEqualTo(-1);
        }
    }

    /** The next byte the server sent; -1 when it closed the connection, however it closed it. */
    private static int readOrReset(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private GatewayConfig withListener(ListenerConfig listener) {
        GatewayConfig base = TestGateway.config(dataDir);
        return new GatewayConfig(base.mode(), List.of(listener), base.store(), base.broker(), base.threads());
    }
}
