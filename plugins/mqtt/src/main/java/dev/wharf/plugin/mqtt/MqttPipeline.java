package dev.wharf.plugin.mqtt;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The handlers of an MQTT connection, over TCP or inside WebSocket binary frames. */
final class MqttPipeline {

    /** Client ids up to this long are accepted; MQTT 3.1.1 requires servers to take 23 (MQTT-3.1.3-5). */
    static final int MAX_CLIENT_ID_LENGTH = 128;
    private static final int MAX_HANDSHAKE_BYTES = 16 << 10;

    private MqttPipeline() {}

    /** MQTT packets straight on the connection. */
    static void mqtt(ChannelPipeline pipeline, MqttListener listener) {
        pipeline.addLast("mqttDecoder", new MqttDecoder(listener.options().maxPacketSize(), MAX_CLIENT_ID_LENGTH))
                .addLast("mqttEncoder", MqttEncoder.INSTANCE)
                .addLast(MqttSessionHandler.IDLE_HANDLER, new IdleStateHandler(
                        listener.options().connectTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("mqttSession", new MqttSessionHandler(listener));
    }

    /**
     * MQTT over WebSocket on {@link MqttOptions#websocketPath()} with subprotocol {@code mqtt}: the packets' bytes
     * travel in binary frames, which may split or join packets.
     */
    static void websocket(ChannelPipeline pipeline, MqttListener listener) {
        pipeline.addLast("http", new HttpServerCodec())
                .addLast("httpAggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES))
                .addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath(listener.options().websocketPath())
                        .subprotocols("mqtt")
                        .maxFramePayloadLength(listener.options().maxPacketSize())
                        .build()))
                .addLast("websocketFrames", new WebSocketFrames());
        mqtt(pipeline, listener);
    }
}
