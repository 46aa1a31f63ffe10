package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.RequestCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tokens in the URL or the first frame, and the Origin allow-list at the handshake. */
class AccessTest {

    private static EmbeddedWebSocket guarded() {
        return EmbeddedWebSocket.listener("tokens", "alpha, beta", "authTimeout", "5s");
    }

    @Test
    void aGoodTokenInTheUrlOpensTheConnection() {
        EmbeddedWebSocket ws = guarded().open("/v1/ws?token=beta");

        ws.sendText("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");

        assertThat(ws.onlyEvent().get("type").asText()).isEqualTo("published");
    }

    @Test
    void aWrongTokenInTheUrlClosesWith1008() {
        EmbeddedWebSocket ws = guarded().open("/v1/ws?token=gamma");

        assertThat(ws.closedWith().statusCode()).isEqualTo(1008);
    }

    @Test
    void withoutATokenInTheUrlTheFirstFrameMustAuthenticate() {
        EmbeddedWebSocket ws = guarded().open("/v1/ws");

        ws.sendText("{\"op\":\"auth\",\"id\":\"a\",\"token\":\"alpha\"}");
        assertThat(ws.onlyEvent()).hasToString("{\"type\":\"authenticated\",\"id\":\"a\"}");
        ws.sendText("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");

        assertThat(ws.onlyEvent().get("type").asText()).isEqualTo("published");
    }

    @Test
    void anyOtherFirstFrameClosesWith4401BeforeReachingTheBroker() {
        EmbeddedWebSocket ws = guarded().open("/v1/ws");

        ws.sendText("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");

        assertThat(ws.closedWith().statusCode()).isEqualTo(4401);
        assertThat(ws.broker.commands(RequestCode.SEND_MESSAGE)).isEmpty();
    }

    @Test
    void aWrongTokenInTheFirstFrameClosesWith1008() {
        EmbeddedWebSocket ws = guarded().open("/v1/ws");

        ws.sendText("{\"op\":\"auth\",\"id\":\"a\",\"token\":\"nope\"}");

        assertThat(ws.closedWith().statusCode()).isEqualTo(1008);
    }

    @Test
    void noAuthFrameWithinTheAuthTimeoutClosesWith4401() {
        EmbeddedWebSocket ws = guarded().open("/v1/ws");

        ws.advance(Duration.ofSeconds(4));
        assertThat(ws.channel.isOpen()).isTrue();
        ws.advance(Duration.ofSeconds(2));

        assertThat(ws.closedWith().statusCode()).isEqualTo(4401);
    }

    @Test
    void anOpenListenerNeedsNoTokenAndTakesAnAuthFrameHarmlessly() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listener().open("/v1/ws");

        ws.sendText("{\"op\":\"auth\",\"id\":1,\"token\":\"anything\"}");

        assertThat(ws.onlyEvent().get("type").asText()).isEqualTo("authenticated");
    }

    @Test
    void aPageOfAnotherOriginIsRefusedWith403() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listener();

        String response = ws.http(EmbeddedWebSocket.handshake("/v1/ws", "http://evil.example"));

        assertThat(response).startsWith("HTTP/1.1 403").contains("\"FORBIDDEN\"").contains("allowedOrigins");
        assertThat(ws.channel.isOpen()).isFalse();
    }

    @Test
    void thePagesOwnOriginAndListedOriginsMayConnect() {
        assertThat(EmbeddedWebSocket.listener().http(EmbeddedWebSocket.handshake("/v1/ws", "http://localhost:8083")))
                .startsWith("HTTP/1.1 101");
        assertThat(EmbeddedWebSocket.listener("allowedOrigins", "https://app.example")
                .http(EmbeddedWebSocket.handshake("/v1/ws", "https://app.example"))).startsWith("HTTP/1.1 101");
    }

    @Test
    void aSilentConnectionIsClosedWith4408() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listener("pingInterval", "10s", "idleTimeout", "25s").open("/v1/ws");

        ws.advance(Duration.ofSeconds(10));
        assertThat(ws.frames()).singleElement().satisfies(ping -> assertThat(ping)
                .isInstanceOf(io.netty.handler.codec.http.websocketx.PingWebSocketFrame.class));
        ws.advance(Duration.ofSeconds(16));

        assertThat(ws.closedWith().statusCode()).isEqualTo(4408);
    }
}
