package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the listener answers to plain HTTP. */
class HttpGateTest {

    private final EmbeddedWebSocket ws = EmbeddedWebSocket.listener();

    @Test
    void theRootAndConsoleServeTheWebPage() {
        for (String path : new String[] {"/", "/console"}) {
            String response = ws.http("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").contains("content-type: text/html; charset=utf-8")
                    .contains("id=\"connect\"").contains("id=\"publish\"").contains("id=\"subscribe\"")
                    .contains("id=\"messages\"").contains("id=\"log\"").contains("/v1/ws");
        }
        assertThat(ws.channel.isOpen()).isTrue();
    }

    @Test
    void otherPathsAreAJson404() {
        String response = ws.http("GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404").contains("application/json").contains("\"NOT_FOUND\"");
    }

    @Test
    void theProtocolPathWithoutAnUpgradeIs426() {
        String response = ws.http("GET /v1/ws HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 426").contains("WebSocket");
    }

    @Test
    void aRequestWithABodyBeyondTheSmallHttpLimitIs413() {
        String response = ws.http("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n"
                + "x".repeat(100_000));

        assertThat(response).startsWith("HTTP/1.1 413");
    }
}
