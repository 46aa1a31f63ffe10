package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsSupportTest {

    private static final ServerConfig BASE = ServerConfig.of("127.0.0.1", 0);

    @Test
    void readsTheModeAndMakesAContextWithTheAskedAlpn() {
        TlsSupport tls = TlsSupport.fromOptions(BASE.withOption(TlsOptions.MODE, "enforcing"), List.of("h2", "http/1.1"),
                Clock.systemUTC());

        assertThat(tls.mode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(tls.sslContext()).hasValueSatisfying(context ->
                assertThat(context.applicationProtocolNegotiator().protocols()).containsExactly("h2", "http/1.1"));
        assertThat(tls.detectionTimeout()).isEqualTo(TlsSupport.DETECTION_TIMEOUT);
    }

    @Test
    void disabledHasNoContext() {
        TlsSupport tls = TlsSupport.fromOptions(BASE.withOption(TlsOptions.MODE, "disabled"), List.of());

        assertThat(tls.sslContext()).isEmpty();
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> TlsSupport.fromOptions(BASE.withOption(TlsOptions.MODE, "on"), List.of()))
                .hasMessageStartingWith("tls.mode: must be one of");
    }

    @Test
    void installGoesFirstAndPutsAnSslHandlerInPlaceForATlsClient() {
        TlsSupport tls = TlsSupport.fromOptions(BASE, List.of());
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        tls.install(channel.pipeline());
        assertThat(channel.pipeline().names().get(0)).isEqualTo(TlsSupport.HANDLER_NAME);

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));

        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNull();
        assertThat(channel.pipeline().first()).isInstanceOf(SslHandler.class);
        // The server's answer to the hello: its own handshake records.
        assertThat(channel.<Object>readOutbound()).isNotNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void aPlaintextClientGetsNoSslHandler() {
        TlsSupport tls = TlsSupport.fromOptions(BASE, List.of());
        EmbeddedChannel channel = new EmbeddedChannel();
        tls.install(channel.pipeline());

        channel.writeInbound(Unpooled.copiedBuffer("PING", StandardCharsets.US_ASCII));

        assertThat(channel.pipeline().get(SslHandler.class)).isNull();
        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNull();
        assertThat(channel.<ByteBuf>readInbound().toString(StandardCharsets.US_ASCII)).isEqualTo("PING");
        channel.finishAndReleaseAll();
    }
}
