package dev.wharf.plugin.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ServiceLoader;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin as a host finds and starts it: by {@link ServiceLoader}, on a {@link TransportContext} whose messaging
 * factory is the test's, serving Paho over TCP and WebSocket on one port.
 */
class MqttProviderTest {

    private final FakeMessaging messaging = new FakeMessaging();
    private final TransportContext context = TransportContext.builder().ioThreads(1)
            .messagingFactory((processors, config, clock) -> messaging).build();
    private RemotingServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        context.close();
    }

    @Test
    void isFoundByServiceLoaderAndServesPahoOverTcpAndWebSocketOnOnePort() throws Exception {
        TransportProvider provider = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.protocol().name().equals("mqtt"))
                .findFirst().orElseThrow();
        assertThat(provider.versions()).containsExactly("3.1.1");
        server = provider.newServer(context, ServerConfig.of("127.0.0.1", 0).withOption("tokens", "t0ken"));
        server.start();
        int port = server.localAddress().getPort();

        for (String uri : new String[] {"tcp://127.0.0.1:" + port, "ws://127.0.0.1:" + port + "/mqtt"}) {
            MqttClient client = new MqttClient(uri, "provider-test", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("anyone");
            options.setPassword("t0ken".toCharArray());
            client.connect(options);
            client.publish("readings/" + uri.substring(0, uri.indexOf(':')), "42".getBytes(StandardCharsets.UTF_8), 1,
                    false);
            client.disconnect();
            client.close();
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messaging.published)
                .extracting(sent -> sent.topic() + " " + sent.publication().tag())
                .containsExactly("readings tcp", "readings ws"));
    }

    @Test
    void anHttpRequestForAnotherPathGets404AndGarbageIsClosed() throws Exception {
        server = new MqttTransportProvider().newServer(context, ServerConfig.of("127.0.0.1", 0));
        server.start();

        try (Socket http = new Socket("127.0.0.1", server.localAddress().getPort())) {
            http.getOutputStream().write("GET /other HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(http.getInputStream())).startsWith("HTTP/1.1 404");
        }
        try (Socket garbage = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = garbage.getOutputStream();
            out.write(new byte[] {0x7F, 1, 2, 3});
            assertThat(garbage.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aBadOptionFailsBeforeAnythingIsBoundNamingIt() {
        assertThatThrownBy(() -> new MqttTransportProvider().newServer(context,
                ServerConfig.of("127.0.0.1", 0).withOption("maxInflight", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad MQTT option maxInflight: must be positive, got 0");
        assertThatThrownBy(() -> new MqttTransportProvider().newServer(context,
                ServerConfig.of("127.0.0.1", 0).withOption("users", "alice")))
                .hasMessageContaining("bad MQTT option users: each entry is username:password");
        assertThatThrownBy(() -> new MqttTransportProvider().newServer(context,
                ServerConfig.of("127.0.0.1", 0).withOption("invisibleTime", "soon")))
                .hasMessage("bad MQTT option invisibleTime: cannot read 'soon'");
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
