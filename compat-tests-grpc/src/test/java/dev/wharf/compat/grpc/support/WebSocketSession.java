package dev.wharf.compat.grpc.support;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A client of Wharf's WebSocket protocol ({@code docs/WEBSOCKET.md}) with the JDK's WebSocket: sends JSON
 * commands and keeps every event the gateway sends, for a test to wait on.
 */
public final class WebSocketSession implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final WebSocket socket;
    private final List<JSONObject> events = new CopyOnWriteArrayList<>();

    private WebSocketSession(HttpClient client, URI uri) throws Exception {
        this.socket = client.newWebSocketBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, new Collector())
                .get(10, TimeUnit.SECONDS);
    }

    /** A session over {@code ws://address/v1/ws}. */
    public static WebSocketSession open(String address) throws Exception {
        return new WebSocketSession(HttpClient.newHttpClient(), URI.create("ws://" + address + "/v1/ws"));
    }

    /** A session over {@code wss://address/v1/ws}, trusting the server's certificate as {@code tls} says. */
    public static WebSocketSession openTls(String address, SSLContext tls) throws Exception {
        return new WebSocketSession(HttpClient.newBuilder().sslContext(tls).build(),
                URI.create("wss://" + address + "/v1/ws"));
    }

    /** Sends one command and waits for the event that answers it (same {@code id}). */
    public JSONObject request(String op, Map<String, Object> fields) throws Exception {
        String id = op + "-" + System.nanoTime();
        JSONObject command = new JSONObject(fields);
        command.put("op", op);
        command.put("id", id);
        socket.sendText(command.toJSONString(), true).get(10, TimeUnit.SECONDS);
        return await("the answer to " + op, event -> id.equals(event.getString("id")));
    }

    /** Waits for the first event matching {@code wanted}. */
    public JSONObject await(String alias, Predicate<JSONObject> wanted) {
        Waits.atMostBound(alias).until(() -> events.stream().anyMatch(wanted));
        return events.stream().filter(wanted).findFirst().orElseThrow();
    }

    /** Waits until at least {@code count} events of {@code type} arrived, and answers all of that type. */
    public List<JSONObject> awaitEvents(String type, int count) {
        Waits.atMostBound(count + " " + type + " events")
                .until(() -> events.stream().filter(event -> type.equals(event.getString("type"))).count() >= count);
        return events.stream().filter(event -> type.equals(event.getString("type"))).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(JSON.parseObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
