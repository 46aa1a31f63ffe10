package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSocketServerOptionsTest {

    private static ServerConfig config() {
        return ServerConfig.of("127.0.0.1", 0);
    }

    @Test
    void theDefaultsFitTheBrokersBodyLimit() {
        WebSocketServerOptions options = WebSocketServerOptions.from(config().withOption("maxBodySize", "3145728"));

        assertThat(options.maxFrameBytes()).isEqualTo((1 << 20) + (4 << 20));
        assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.requiresToken()).isFalse();
        assertThat(options.allowedOrigins()).isEmpty();
        assertThat(options.tls()).isEmpty();
    }

    @Test
    void optionsTakeTheFormsAYamlFileHolds() {
        WebSocketServerOptions options = WebSocketServerOptions.from(config()
                .withOption("pingInterval", "15s").withOption("idleTimeout", "PT1M").withOption("receiveWait", "500ms")
                .withOption("maxFrameBytes", "64KiB").withOption("writeBufferBytes", "2097152")
                .withOption("tokens", " a, b ,").withOption("allowedOrigins", "https://app.example"));

        assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.receiveWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.maxFrameBytes()).isEqualTo(64 * 1024);
        assertThat(options.writeBufferBytes()).isEqualTo(2 << 20);
        assertThat(options.tokens()).containsExactlyInAnyOrder("a", "b");
        assertThat(options.allowedOrigins()).containsExactly("https://app.example");
    }

    @Test
    void aBadValueNamesItsOption() {
        assertThatThrownBy(() -> WebSocketServerOptions.from(config().withOption("pingInterval", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> WebSocketServerOptions.from(config().withOption("maxFrameBytes", "1TiB")))
                .hasMessageContaining("maxFrameBytes");
        assertThatThrownBy(() -> WebSocketServerOptions.from(config().withOption("maxSubscriptions", "0")))
                .hasMessageContaining("maxSubscriptions");
        assertThatThrownBy(() -> WebSocketServerOptions.from(config().withOption("idleTimeout", "10s")))
                .hasMessageContaining("idleTimeout").hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> WebSocketServerOptions.from(config().withOption("receiveWait", "1m")))
                .hasMessageContaining("receiveWait");
    }
}
