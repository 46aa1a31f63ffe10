package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client on the JDK's {@link java.net.http.WebSocket}: events in a queue, the close code kept. */
final class TestClient implements WebSocket.Listener, AutoCloseable {

    /** How the server closed the connection. */
    record Closed(int code, String reason) {}

    private final BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private WebSocket socket;

    static TestClient connect(HttpClient http, URI uri, String origin) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    static TestClient connect(URI uri) {
        return connect(HttpClient.newHttpClient(), uri, null);
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    void sendBinary(byte[] body) {
        socket.sendBinary(ByteBuffer.wrap(body), true).join();
    }

    /** The next event; fails after 10 seconds without one. */
    ObjectNode next() {
        try {
            ObjectNode event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event within 10 s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event of {@code type}, skipping others. */
    ObjectNode next(String type) {
        ObjectNode event;
        do {
            event = next();
        } while (!event.path("type").asText().equals(type));
        return event;
    }

    byte[] nextBody() throws InterruptedException {
        return bodies.poll(10, TimeUnit.SECONDS);
    }

    Closed closed() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add(EmbeddedWebSocket.parse(text.toString()));
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] body = new byte[data.remaining()];
        data.get(body);
        bodies.add(body);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
