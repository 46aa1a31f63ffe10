package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT listener's connection on an {@link EmbeddedChannel}, behind the {@link ProtocolSwitch} as on a real
 * port, with a {@link FakeMessaging} broker and a direct pool; the test side encodes the client's packets and
 * decodes the server's.
 */
final class EmbeddedMqtt {

    final FakeMessaging messaging;
    final MqttListener listener;
    final EmbeddedChannel channel;
    private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new MqttDecoder());

    private EmbeddedMqtt(MqttListener listener, FakeMessaging messaging) {
        this.listener = listener;
        this.messaging = messaging;
        this.channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new ProtocolSwitch(listener));
    }

    /** A listener with {@code options} (name, value pairs). */
    static EmbeddedMqtt listener(String... options) {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0);
        for (int i = 0; i < options.length; i += 2) {
            config = config.withOption(options[i], options[i + 1]);
        }
        MqttOptions parsed = MqttOptions.from(config);
        FakeMessaging messaging = new FakeMessaging();
        return new EmbeddedMqtt(listener(parsed, messaging), messaging);
    }

    /** A listener with {@code options} on {@code messaging}, its retained messages read from there. */
    static MqttListener listener(MqttOptions options, FakeMessaging messaging) {
        RetainedStore retained = new RetainedStore(messaging,
                new RetainedIndex(options.maxRetained(), options.maxRetainedBytes()), Clock.systemUTC());
        retained.start();
        return new MqttListener(options, messaging, Runnable::run, new MqttCredentials(options.users(), options.tokens()),
                new SessionStore(), retained, Clock.systemUTC());
    }

    /** A second listener (another port, or another gateway) on the same broker, with a connection to it. */
    EmbeddedMqtt otherListener() {
        return new EmbeddedMqtt(listener(listener.options(), messaging), messaging);
    }

    /** Another connection to the same listener (same sessions, same broker). */
    EmbeddedMqtt reconnect() {
        return new EmbeddedMqtt(listener, messaging);
    }

    static MqttConnectMessage connect(String clientId, boolean clean, int keepAlive) {
        return MqttMessageBuilders.connect().clientId(clientId).cleanSession(clean).keepAlive(keepAlive)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build();
    }

    /** The bytes a client would send for {@code message}. */
    static ByteBuf encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf bytes = Unpooled.buffer();
        for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
            bytes.writeBytes(part);
            part.release();
        }
        return bytes;
    }

    /** Sends {@code message} and runs what it scheduled on the event loop. */
    EmbeddedMqtt send(MqttMessage message) {
        return sendBytes(encode(message));
    }

    EmbeddedMqtt sendBytes(ByteBuf bytes) {
        channel.writeInbound(bytes);
        channel.runPendingTasks();
        return this;
    }

    static MqttMessage publish(String topic, MqttQoS qos, int packetId, String body) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId)
                .payload(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)).build();
    }

    /** Everything the server wrote so far, decoded. */
    List<MqttMessage> received() {
        channel.runPendingTasks();
        List<MqttMessage> messages = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            clientDecoder.writeInbound(out);
            for (MqttMessage message; (message = clientDecoder.readInbound()) != null; ) {
                messages.add(message);
            }
        }
        return messages;
    }
}
