package dev.wharf.plugin.mqtt;

import static dev.wharf.plugin.mqtt.EmbeddedMqtt.connect;
import static dev.wharf.plugin.mqtt.EmbeddedMqtt.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.DrainEvent;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.PublishResult;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An MQTT listener drained: PUBLISHes read before are stored and acknowledged before the connection closes, nothing
 * more is read or delivered, nobody new gets in, and a publish that is never stored does not hold the drain past its
 * timeout.
 */
class MqttDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeMessaging messaging = new FakeMessaging();
    private final TransportContext context = TransportContext.builder().ioThreads(1)
            .messagingFactory((processors, config, clock) -> messaging).build();
    private final CompletableFuture<PublishResult> stored = new CompletableFuture<>();
    private RemotingServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        context.close();
    }

    @Test
    void aPublishReadBeforeTheDrainIsAcknowledgedThenTheConnectionCloses() {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener();
        mqtt.send(connect("publisher", true, 0)).received();
        mqtt.messaging.answerPublishes(publication -> stored);
        mqtt.send(publish("t/a", MqttQoS.AT_LEAST_ONCE, 7, "a"));

        mqtt.channel.pipeline().fireUserEventTriggered(new DrainEvent(WAIT));

        assertThat(mqtt.channel.isActive()).isTrue();
        assertThat(mqtt.channel.config().isAutoRead()).as("no more packets read").isFalse();
        stored.complete(new PublishResult.Published("a", 0, 0, "a", null));
        List<MqttMessage> received = mqtt.received();
        assertThat(received).singleElement().isInstanceOf(MqttPubAckMessage.class)
                .satisfies(ack -> assertThat(((MqttPubAckMessage) ack).variableHeader().messageId()).isEqualTo(7));
        assertThat(mqtt.channel.isActive()).isFalse();
    }

    @Test
    void aDrainedSubscriberGetsNothingMoreAndWhatItsPollBringsIsHandedBack() {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener();
        mqtt.send(connect("watcher", true, 0)).received();
        mqtt.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "orders/#")
                .build()).received();
        assertThat(mqtt.messaging.receives).hasSize(1);

        mqtt.channel.pipeline().fireUserEventTriggered(new DrainEvent(WAIT));
        assertThat(mqtt.channel.isActive()).as("nothing was under way").isFalse();

        mqtt.messaging.deliver(FakeMessaging.delivery("orders", "eu", Map.of(), "o-1", 1, "h1"));
        assertThat(mqtt.received()).isEmpty();
        assertThat(mqtt.messaging.nacked).containsExactly("h1");
        assertThat(mqtt.messaging.receives).as("no poll after the drain").hasSize(1);
    }

    @Test
    void aDrainedListenerRefusesNewConnectionsAndAcknowledgesWhatItRead() throws Exception {
        messaging.answerPublishes(publication -> stored);
        int port = start();
        MqttAsyncClient client = connectedClient(port);
        IMqttDeliveryToken sent = client.publish("readings/eu", "42".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(WAIT).until(() -> !messaging.published.isEmpty());

        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.shutdownGracefully(WAIT));
        await().atMost(WAIT).until(() -> refusesConnections(port));
        assertThat(draining).isNotDone();
        stored.complete(new PublishResult.Published("m", 0, 0, "m", null));

        sent.waitForCompletion(WAIT.toMillis());
        assertThat(sent.isComplete()).isTrue();
        assertThat(sent.getException()).isNull();
        assertThat(draining).succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> !client.isConnected());
        client.close(true);
    }

    @Test
    void aPublishNeverStoredDoesNotHoldTheDrainPastItsTimeout() throws Exception {
        messaging.answerPublishes(publication -> stored);
        int port = start();
        MqttAsyncClient client = connectedClient(port);
        client.publish("readings/eu", "42".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(WAIT).until(() -> !messaging.published.isEmpty());

        server.shutdownGracefully(Duration.ofMillis(300));

        await().atMost(WAIT).until(() -> !client.isConnected());
        client.close(true);
    }

    private int start() {
        server = new MqttTransportProvider().newServer(context, ServerConfig.of("127.0.0.1", 0));
        server.start();
        return server.localAddress().getPort();
    }

    private static MqttAsyncClient connectedClient(int port) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "drained", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(WAIT.toMillis());
        return client;
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
