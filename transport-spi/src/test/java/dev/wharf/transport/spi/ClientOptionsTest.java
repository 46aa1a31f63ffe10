package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void sharesConnectionsByDefaultAndGivesOriginsTheirOwnWhenAsked() {
        ClientOptions perOrigin = ClientOptions.defaults().withConnectTimeout(Duration.ofSeconds(1)).withChannelPerOrigin(50);

        assertThat(ClientOptions.defaults().channelPerOrigin()).isFalse();
        assertThat(perOrigin.channelPerOrigin()).isTrue();
        assertThat(perOrigin.maxOriginChannels()).isEqualTo(50);
        assertThat(perOrigin.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(perOrigin.withIdleTimeout(Duration.ofSeconds(5)).maxOriginChannels()).isEqualTo(50);
    }

    @Test
    void refusesALimitThatIsNotPositive() {
        assertThatThrownBy(() -> ClientOptions.defaults().withChannelPerOrigin(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChannels must be positive, got 0");
    }
}
