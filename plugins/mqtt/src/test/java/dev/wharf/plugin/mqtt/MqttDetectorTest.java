package dev.wharf.plugin.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** MQTT 3.1.1 CONNECT and the MQTT WebSocket handshake recognised from a unified port's first bytes. */
class MqttDetectorTest {

    private final MqttDetector detector = new MqttDetector("/mqtt");

    @Test
    void recognisesAConnectOnlyOnceItsProtocolNameAndLevelArrived() {
        ByteBuf connect = EmbeddedMqtt.encode(MqttMessageBuilders.connect().clientId("c")
                .protocolVersion(MqttVersion.MQTT_3_1_1).build());

        for (int length = 1; length < 9; length++) {
            assertThat(detector.detect(connect.slice(0, length))).as("%d bytes", length).isEqualTo(Result.NEED_MORE_DATA);
        }
        assertThat(detector.detect(connect)).isEqualTo(Result.RECOGNIZED);
        assertThat(connect.readerIndex()).isZero();
    }

    @Test
    void refusesMqtt31AndOtherFirstBytes() {
        ByteBuf mqtt31 = EmbeddedMqtt.encode(MqttMessageBuilders.connect().clientId("c")
                .protocolVersion(MqttVersion.MQTT_3_1).build());
        assertThat(detector.detect(mqtt31)).isEqualTo(Result.UNRECOGNIZED);
        assertThat(detector.detect(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 20}))).isEqualTo(Result.UNRECOGNIZED);
        assertThat(detector.detect(Unpooled.wrappedBuffer(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF}))).isEqualTo(Result.UNRECOGNIZED);
    }

    @Test
    void recognisesTheWebSocketHandshakeForItsPathOnly() {
        assertThat(detector.detect(ascii("GET /mqtt HTTP/1.1\r\n"))).isEqualTo(Result.RECOGNIZED);
        assertThat(detector.detect(ascii("GET /mqtt?x=1 HTTP/1.1\r\n"))).isEqualTo(Result.RECOGNIZED);
        assertThat(detector.detect(ascii("GET /mq"))).isEqualTo(Result.NEED_MORE_DATA);
        assertThat(detector.detect(ascii("GET /mqttx HTTP/1.1\r\n"))).isEqualTo(Result.UNRECOGNIZED);
        assertThat(detector.detect(ascii("GET /v1/ws HTTP/1.1\r\n"))).isEqualTo(Result.UNRECOGNIZED);
        assertThat(new MqttDetector("").detect(ascii("GET /mqtt HTTP/1.1\r\n"))).isEqualTo(Result.UNRECOGNIZED);
    }

    @Test
    void recognisesItsOwnSampleOpenings() {
        assertThat(detector.sampleOpenings()).hasSize(2).allSatisfy(opening ->
                assertThat(detector.detect(Unpooled.wrappedBuffer(opening))).isEqualTo(Result.RECOGNIZED));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
