package dev.wharf.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ResponseCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT plugin in a real Local-mode gateway, found on the class path by its provider like any plugin, driven by
 * Eclipse Paho: an MQTT publish is received over the HTTP API, a Remoting send reaches a Paho subscriber, MQTT
 * reaches MQTT through wildcards over TCP and WebSocket, credentials are checked, and listener options are
 * checked against the plugin's schema (the listener's {@code users} passes, a typo fails start-up).
 */
class MqttEndToEndTest {

    @TempDir
    static Path dataDir;

    private static LocalGateway gateway;
    private static String remoting;
    private static URI http;
    private static int mqttPort;
    private static int unifiedPort;

    private final List<MqttClient> clients = new ArrayList<>();
    private final HttpClient httpClient = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        GatewayConfig defaults = TestGateway.config(dataDir);
        ListenerConfig httpListener = new ListenerConfig("http", "127.0.0.1", 0, List.of(ProtocolType.HTTP));
        ListenerConfig mqtt = new ListenerConfig("mqtt", "127.0.0.1", 0, List.of(ProtocolType.of("mqtt")),
                Optional.empty(), Map.of("users", "alice:secret", "invisibleTime", "10s", "receiveWait", "1s"));
        ListenerConfig unified = new ListenerConfig("unified", "127.0.0.1", 0,
                List.of(ProtocolType.REMOTING, ProtocolType.of("mqtt")), Optional.empty(), Map.of("receiveWait", "1s"));
        gateway = LocalGateway.start(new GatewayConfig(defaults.mode(),
                List.of(defaults.listeners().get(0), httpListener, mqtt, unified),
                defaults.store(), defaults.broker(), defaults.threads()));
        remoting = gateway.listeners().get(0).address();
        http = URI.create("http://127.0.0.1:" + gateway.listeners().get(1).port());
        mqttPort = gateway.listeners().get(2).port();
        unifiedPort = gateway.listeners().get(3).port();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void closeClients() throws MqttException {
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    @Test
    void anMqttPublishIsReceivedOverHttpWithItsTopicAsTagAndProperty() throws Exception {
        createTopic("sensors");
        MqttClient publisher = connect("tcp", "publisher", true);

        publisher.publish("sensors/line-1/temperature", message("21.5", 1));

        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> answer = post("/v1/groups/http-readers/topics/sensors/receive?wait=1s&max=8", "");
            json.readTree(answer.body()).path("messages").forEach(received::add);
            return !received.isEmpty();
        });
        JsonNode first = received.get(0);
        assertThat(first.path("body").asText()).isEqualTo("21.5");
        assertThat(first.path("tag").asText()).isEqualTo("line-1/temperature");
        assertThat(first.path("properties").path("mqttTopic").asText()).isEqualTo("sensors/line-1/temperature");
    }

    @Test
    void aRemotingSendReachesAPahoSubscriberUnderTopicSlashTag() throws Exception {
        createTopic("orders");
        MqttClient subscriber = connect("tcp", "order-watcher", true);
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        subscriber.subscribe("orders/#", 1, (topic, message) ->
                arrived.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));

        try (RemotingTestClient client = new RemotingTestClient(remoting)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(client.send("orders", 0, "created", "order-42").code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(arrived.poll(2, TimeUnit.SECONDS)).isEqualTo("orders/created=order-42");
            });
        }
    }

    @Test
    void aNewSubscriptionGetsWhatIsPublishedAfterItsSubackNotTheQueuesBacklog() throws Exception {
        createTopic("history");
        try (RemotingTestClient client = new RemotingTestClient(remoting)) {
            assertThat(client.send("history", 0, "before", "old").code()).isEqualTo(ResponseCode.SUCCESS);
            MqttClient subscriber = connect("tcp", "history-reader", true);
            BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
            subscriber.subscribe("history/#", 1, (topic, message) ->
                    arrived.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));

            assertThat(client.send("history", 0, "after", "new").code()).isEqualTo(ResponseCode.SUCCESS);

            // One queue, delivered in order: had the group started at the queue's first message, "old" came first.
            assertThat(arrived.poll(20, TimeUnit.SECONDS)).isEqualTo("history/after=new");
        }
    }

    @Test
    void wildcardSubscribersOverTcpAndWebSocketGetOnlyTheMatchingMqttPublishes() throws Exception {
        createTopic("plant");
        MqttClient tcp = connect("tcp", "tcp-watcher", true);
        MqttClient ws = connect("ws", "ws-watcher", true);
        BlockingQueue<String> overTcp = new LinkedBlockingQueue<>();
        BlockingQueue<String> overWebSocket = new LinkedBlockingQueue<>();
        tcp.subscribe("plant/+/temperature", 1, (topic, message) -> overTcp.add(topic));
        ws.subscribe("plant/hall-2/#", 0, (topic, message) -> overWebSocket.add(topic));
        MqttClient publisher = connect("ws", "plant-publisher", true);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            publisher.publish("plant/hall-1/temperature", message("20", 1));
            publisher.publish("plant/hall-2/pressure", message("1013", 1));
            assertThat(overTcp.poll(2, TimeUnit.SECONDS)).isEqualTo("plant/hall-1/temperature");
            assertThat(overWebSocket.poll(2, TimeUnit.SECONDS)).isEqualTo("plant/hall-2/pressure");
        });
        assertThat(overTcp).doesNotContain("plant/hall-2/pressure");
        assertThat(overWebSocket).doesNotContain("plant/hall-1/temperature");
    }

    @Test
    void aPersistentSessionGetsWhatWasPublishedWhileItWasAway() throws Exception {
        createTopic("journal");
        MqttClient keeper = connect("tcp", "journal-keeper", false);
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        keeper.subscribe("journal/#", 1, (topic, message) -> arrived.add(topic));
        MqttClient publisher = connect("tcp", "journal-writer", true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            publisher.publish("journal/warm-up", message("0", 1));
            assertThat(arrived.poll(2, TimeUnit.SECONDS)).isEqualTo("journal/warm-up");
        });
        keeper.disconnect();

        publisher.publish("journal/while-away", message("1", 1));
        keeper.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.add(topic);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        keeper.connect(options(false));

        assertThat(arrived.poll(20, TimeUnit.SECONDS)).isEqualTo("journal/while-away");
    }

    @Test
    void mqttSharesAUnifiedPortWithRemoting() throws Exception {
        createTopic("shared");
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + unifiedPort, "unified-watcher", new MemoryPersistence());
        clients.add(client);
        client.connect(options(true));
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        client.subscribe("shared/#", 1, (topic, message) -> arrived.add(topic));

        try (RemotingTestClient remotingClient = new RemotingTestClient("127.0.0.1:" + unifiedPort)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(remotingClient.send("shared", 0, "hello", "x").code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(arrived.poll(2, TimeUnit.SECONDS)).isEqualTo("shared/hello");
            });
        }
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedWithConnackFourOrFive() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqttPort, "intruder", new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions wrong = new MqttConnectOptions();
        wrong.setUserName("alice");
        wrong.setPassword("guess".toCharArray());

        assertThatThrownBy(() -> client.connect(wrong)).isInstanceOfSatisfying(MqttException.class,
                refused -> assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> client.connect(new MqttConnectOptions())).isInstanceOfSatisfying(MqttException.class,
                refused -> assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void aListenerOptionTheMqttSchemaDoesNotDeclareFailsStartUpNamingIt() {
        GatewayConfig defaults = TestGateway.config(dataDir.resolve("typo"));
        ListenerConfig typo = new ListenerConfig("mqtt", "127.0.0.1", 0, List.of(ProtocolType.of("mqtt")),
                Optional.empty(), Map.of("user", "alice:secret"));

        assertThatThrownBy(() -> LocalGateway.start(new GatewayConfig(defaults.mode(), List.of(typo), defaults.store(),
                defaults.broker(), defaults.threads())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listeners[0].options.user: is not an option of mqtt; known: businessQueue, "
                        + "businessThreads, connectTimeout");
    }

    private MqttClient connect(String scheme, String clientId, boolean clean) throws MqttException {
        String uri = scheme + "://127.0.0.1:" + mqttPort + (scheme.equals("ws") ? "/mqtt" : "");
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        clients.add(client);
        client.connect(options(clean));
        return client;
    }

    private static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(clean);
        options.setUserName("alice");
        options.setPassword("secret".toCharArray());
        return options;
    }

    private static MqttMessage message(String body, int qos) {
        MqttMessage message = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        return message;
    }

    private void createTopic(String name) throws Exception {
        HttpResponse<String> created = post("/v1/topics", "{\"name\": \"" + name + "\", \"type\": \"NORMAL\", \"queues\": 1}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return httpClient.send(HttpRequest.newBuilder(http.resolve(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
