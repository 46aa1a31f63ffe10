package dev.wharf.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One WebSocket connection to Wharf's {@code /v1/ws} endpoint with the JDK client, handing each whole text
 * frame (the JDK may deliver a frame in parts) to a consumer on the client's thread.
 */
final class WsClient implements AutoCloseable {

    private final WebSocket socket;

    private WsClient(WebSocket socket) {
        this.socket = socket;
    }

    static WsClient connect(HttpClient http, String address, Consumer<String> onText) throws Exception {
        WebSocket socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://" + address + "/v1/ws"), new Listener(onText))
                .get(15, TimeUnit.SECONDS);
        return new WsClient(socket);
    }

    /** Sends a text frame; the JDK allows one outstanding send per socket, so callers send from one thread. */
    CompletableFuture<WebSocket> send(String text) {
        return socket.sendText(text, true);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<String> onText;
        private final StringBuilder partial = new StringBuilder();

        Listener(Consumer<String> onText) {
            this.onText = onText;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onText.accept(text);
            }
            webSocket.request(1);
            return null;
        }
    }

    /** A string field of a flat JSON event, or null; events are Wharf's own, so a plain scan is enough. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":";
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int start = at + key.length();
        if (json.charAt(start) == '"') {
            return json.substring(start + 1, json.indexOf('"', start + 1));
        }
        int end = start;
        while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(start, end);
    }
}
