package dev.wharf.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retained messages through a real Local-mode gateway, driven by Eclipse Paho: a new subscriber gets them with the
 * retained flag, live publishes arrive without it, an empty retained publish clears, and they survive a restart
 * of the gateway on the same store, since they are kept in the broker. The broker creates no topics on first use
 * here, so the plugin's retained topic exists only because the plugin created it.
 */
class MqttRetainedTest {

    @TempDir
    Path dataDir;

    private final List<MqttClient> clients = new ArrayList<>();
    private LocalGateway gateway;

    /** One PUBLISH as a Paho subscriber saw it. */
    private record Received(String topic, String body, boolean retained, int qos) {}

    @AfterEach
    void stop() throws MqttException {
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aRetainedMessageReachesNewSubscribersWithTheRetainedFlagIsClearedByAnEmptyOneAndSurvivesARestart()
            throws Exception {
        start();
        createTopic("sensors");
        MqttClient publisher = connect("publisher");
        publisher.publish("sensors/line-1/temp", "21.5".getBytes(StandardCharsets.UTF_8), 1, true);
        publisher.publish("sensors/line-2/temp", "19.0".getBytes(StandardCharsets.UTF_8), 1, true);

        BlockingQueue<Received> first = subscribe("first", "sensors/+/temp");
        assertThat(List.of(take(first), take(first))).containsExactlyInAnyOrder(
                new Received("sensors/line-1/temp", "21.5", true, 1),
                new Received("sensors/line-2/temp", "19.0", true, 1));

        publisher.publish("sensors/line-1/temp", "22.0".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(take(first)).isEqualTo(new Received("sensors/line-1/temp", "22.0", false, 1));

        publisher.publish("sensors/line-2/temp", new byte[0], 1, true);
        BlockingQueue<Received> second = subscribe("second", "sensors/#");
        assertThat(take(second)).isEqualTo(new Received("sensors/line-1/temp", "21.5", true, 1));
        assertThat(second.poll(1, TimeUnit.SECONDS)).as("line-2's retained message was cleared").isNull();
        assertThat(queues("wharf_mqtt_retained")).as("the plugin created its topic with one queue").isEqualTo(1);

        stop();
        clients.clear();
        start();

        BlockingQueue<Received> afterRestart = subscribe("after-restart", "sensors/#");
        assertThat(take(afterRestart)).isEqualTo(new Received("sensors/line-1/temp", "21.5", true, 1));
        assertThat(afterRestart.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aRetainedMessageGoesAtTheGrantedQosWhenThatIsLower() throws Exception {
        start();
        createTopic("alarms");
        connect("publisher").publish("alarms/door", "open".getBytes(StandardCharsets.UTF_8), 1, true);

        MqttClient subscriber = connect("qos0-subscriber");
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        subscriber.subscribe("alarms/#", 0, (topic, message) -> received.add(received(topic, message)));

        assertThat(take(received)).isEqualTo(new Received("alarms/door", "open", true, 0));
    }

    private void start() {
        GatewayConfig defaults = TestGateway.config(dataDir);
        BrokerSettings broker = defaults.broker();
        BrokerSettings noAutoCreation = new BrokerSettings(broker.brokerName(), broker.clusterName(),
                broker.advertisedAddress(), false, broker.defaultQueueNums(), broker.maxMessageSize(),
                broker.delayLevels(), broker.maxReconsumeTimes(), broker.topicMessageTypeCheck(), broker.pop(),
                broker.timer(), broker.transactions());
        ListenerConfig mqtt = new ListenerConfig("mqtt", "127.0.0.1", 0, List.of(ProtocolType.of("mqtt")),
                Optional.empty(), Map.of("receiveWait", "1s"));
        gateway = LocalGateway.start(new GatewayConfig(defaults.mode(), List.of(defaults.listeners().get(0), mqtt),
                defaults.store(), noAutoCreation, defaults.threads()));
    }

    private void createTopic(String name) {
        try (RemotingTestClient client = new RemotingTestClient(gateway.listeners().get(0).address())) {
            assertThat(client.call(AdminRequests.createTopic(name, 1, "NORMAL")).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private int queues(String topic) {
        try (RemotingTestClient client = new RemotingTestClient(gateway.listeners().get(0).address())) {
            RemotingCommand config = client.call(AdminRequests.topicConfig(topic));
            assertThat(config.code()).isEqualTo(ResponseCode.SUCCESS);
            return new ObjectMapper().readTree(config.body()).path("readQueueNums").asInt();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private MqttClient connect(String clientId) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.listeners().get(1).port(), clientId,
                new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        return client;
    }

    private BlockingQueue<Received> subscribe(String clientId, String filter) throws MqttException {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        connect(clientId).subscribe(filter, 1, (topic, message) -> received.add(received(topic, message)));
        return received;
    }

    private static Received received(String topic, MqttMessage message) {
        return new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained(),
                message.getQos());
    }

    private static Received take(BlockingQueue<Received> received) throws InterruptedException {
        Received next = received.poll(20, TimeUnit.SECONDS);
        assertThat(next).as("a PUBLISH within 20 s").isNotNull();
        return next;
    }
}
