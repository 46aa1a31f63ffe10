package dev.wharf.plugin.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ServerConfig;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The option schema the plugin declares, against what {@link MqttOptions} reads, and the provider's declarations. */
class MqttOptionsTest {

    private final MqttTransportProvider provider = new MqttTransportProvider();

    @Test
    void theSchemaDefaultsAreTheDefaultsTheListenerApplies() {
        ServerConfig explicit = ServerConfig.of("127.0.0.1", 0);
        for (OptionSpec spec : provider.options()) {
            if (spec.defaultValue().isPresent()) {
                explicit = explicit.withOption(spec.name(), spec.defaultValue().get());
            }
        }

        assertThat(MqttOptions.from(explicit)).isEqualTo(MqttOptions.from(ServerConfig.of("127.0.0.1", 0)));
    }

    @Test
    void everyOptionTheListenerReadsIsDeclaredWithAValueItsTypeAccepts() {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0)
                .withOption("users", "alice:secret, bob:pw").withOption("tokens", "t1,t2")
                .withOption("maxPacketSize", "70000").withOption("connectTimeout", "5s")
                .withOption("invisibleTime", "1h").withOption("receiveWait", "500ms")
                .withOption("maxInflight", "8").withOption("maxPendingPublishes", "4")
                .withOption("websocketPath", "/ws/mqtt").withOption("businessThreads", "2")
                .withOption("businessQueue", "100").withOption("maxRetained", "50")
                .withOption("maxRetainedBytes", "2MiB");

        assertThat(provider.options()).extracting(OptionSpec::name)
                .containsExactlyInAnyOrderElementsOf(config.options().keySet());
        for (OptionSpec spec : provider.options()) {
            assertThat(spec.problemWith(config.options().get(spec.name()))).as(spec.name()).isEmpty();
        }
        MqttOptions options = MqttOptions.from(config);
        assertThat(options.users()).containsExactly("alice:secret", "bob:pw");
        assertThat(options.invisibleTime()).isEqualTo(Duration.ofHours(1));
        assertThat(options.receiveWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.websocketPath()).isEqualTo("/ws/mqtt");
        assertThat(options.maxRetained()).isEqualTo(50);
        assertThat(options.maxRetainedBytes()).isEqualTo(2L << 20);
    }

    @Test
    void aValueOutsideItsRangeIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> MqttOptions.from(ServerConfig.of("127.0.0.1", 0).withOption("invisibleTime", "5s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad MQTT option invisibleTime: must be within 10s..12h, got PT5S");
        assertThatThrownBy(() -> MqttOptions.from(ServerConfig.of("127.0.0.1", 0).withOption("maxRetained", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad MQTT option maxRetained: must be positive, got 0");
    }

    @Test
    void declaresPort1883AndADetectorForConnectPacketsAndTheDefaultWebSocketPath() {
        assertThat(provider.defaultPort()).hasValue(1883);
        ProtocolDetector detector = provider.detector().orElseThrow();
        assertThat(detector.sampleOpenings()).allSatisfy(opening ->
                assertThat(detector.detect(Unpooled.wrappedBuffer(opening))).isEqualTo(ProtocolDetector.Result.RECOGNIZED));
        assertThat(detector.detect(Unpooled.copiedBuffer("GET /mqtt HTTP/1.1\r\n".getBytes())))
                .isEqualTo(ProtocolDetector.Result.RECOGNIZED);
    }
}
