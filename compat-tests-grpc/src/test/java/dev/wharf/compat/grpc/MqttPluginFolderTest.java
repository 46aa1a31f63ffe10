package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Waits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MQTT plugin installed as a third party's plugin is: the built {@code wharf-plugin-mqtt.jar} (copied by this
 * module's pom) in the plugin folder of a gateway process whose class path has no plugin, and an {@code mqtt}
 * listener. Eclipse Paho meets the official RocketMQ clients through it: an MQTT publish is received by the gRPC
 * SDK's SimpleConsumer, and sends of the gRPC SDK and of the Remoting client reach a Paho subscriber.
 */
class MqttPluginFolderTest {

    /** Where the build copied the plugin jar; the gateway's {@code plugins.path}. */
    private static final Path PLUGIN_FOLDER = Path.of(System.getProperty("wharf.plugins.dir", "target/plugins"));

    @RegisterExtension
    static final SharedServer server = SharedServer.gatewayWithPlugins(ServerSettings.defaults(), List.of(
            ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("grpc", "grpc"),
            ListenerSpec.plaintext("mqtt", "mqtt")), PLUGIN_FOLDER);

    @RegisterExtension
    final SdkClients clients = new SdkClients(server, Transport.PLAINTEXT);

    @RegisterExtension
    final Clients remotingClients = new Clients();

    private final List<MqttClient> mqttClients = new ArrayList<>();

    @AfterEach
    void closeMqttClients() throws MqttException {
        for (MqttClient client : mqttClients) {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    @Test
    void theGatewayLoadedTheMqttProtocolFromThePluginJar() throws Exception {
        assertThat(PLUGIN_FOLDER.resolve("wharf-plugin-mqtt.jar")).isRegularFile();
        assertThat(Files.readString(server.gateway().logFile()))
                .containsPattern("plugin \\S*wharf-plugin-mqtt\\.jar\\S*: protocol mqtt versions \\[3\\.1\\.1\\]");
    }

    @Test
    void aPahoPublishIsReceivedByTheSdksSimpleConsumerWithItsMqttTopic() throws Exception {
        String topic = Fresh.topic(server, "NORMAL", 1);
        var receiver = clients.simpleReceiver(Fresh.group(server), topic);
        MqttClient publisher = connect("paho-publisher");

        publisher.publish(topic + "/line-1/temperature", qos1("21.5"));

        List<Received> received = receiver.ackAtLeast(1, "the MQTT publish");
        MessageView message = received.get(0).view();
        assertThat(text(message.getBody())).isEqualTo("21.5");
        assertThat(message.getTopic()).isEqualTo(topic);
        assertThat(message.getTag()).hasValue("line-1/temperature");
        assertThat(message.getProperties()).containsEntry("mqttTopic", topic + "/line-1/temperature");
    }

    @Test
    void sendsOfTheGrpcSdkAndOfTheRemotingClientReachAPahoSubscriber() throws Exception {
        String topic = Fresh.topic(server, "NORMAL", 1);
        Queue<String> arrived = new ConcurrentLinkedQueue<>();
        connect("paho-subscriber").subscribe(topic + "/#", 1, (name, message) ->
                arrived.add(name + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));

        clients.producer(topic).send(SdkClients.PROVIDER.newMessageBuilder().setTopic(topic).setTag("from-grpc")
                .setBody("sent with the gRPC SDK".getBytes(StandardCharsets.UTF_8)).build());
        DefaultMQProducer remoting = remotingClients.startedProducer(server.nameServerAddress());
        assertThat(remoting.send(new Message(topic, "from-remoting",
                "sent with the Remoting client".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);

        Waits.atMostBound("both sends at the Paho subscriber").until(() -> arrived.size() >= 2);
        assertThat(arrived).containsExactly(topic + "/from-grpc=sent with the gRPC SDK",
                topic + "/from-remoting=sent with the Remoting client");
    }

    private MqttClient connect(String clientId) throws MqttException {
        MqttClient client = new MqttClient("tcp://" + server.gateway().address("mqtt"), clientId,
                new MemoryPersistence());
        mqttClients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        return client;
    }

    private static MqttMessage qos1(String body) {
        MqttMessage message = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }

    private static String text(ByteBuffer body) {
        return StandardCharsets.UTF_8.decode(body.duplicate()).toString();
    }
}
