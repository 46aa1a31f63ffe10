package dev.wharf.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Chrome DevTools Protocol client on the JDK's WebSocket, driving one page: a new target attached in flat
 * mode, so every command carries the page's session id.
 *
 * <pre>{@code
 * try (DevTools page = DevTools.openPage(chromium.devTools(), "http://127.0.0.1:8083/")) {
 *     page.evaluate("document.getElementById('connect').click()");
 * }
 * }</pre>
 */
public final class DevTools implements AutoCloseable, WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private String session;

    private DevTools() {}

    /** Opens a new page at {@code url} in the browser behind {@code browserEndpoint}. */
    public static DevTools openPage(URI browserEndpoint, String url) {
        DevTools devTools = new DevTools();
        devTools.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(browserEndpoint, devTools).join();
        String target = devTools.call("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                .get("targetId").asText();
        devTools.session = devTools.call("Target.attachToTarget",
                JSON.createObjectNode().put("targetId", target).put("flatten", true)).get("sessionId").asText();
        devTools.call("Page.enable", JSON.createObjectNode());
        devTools.call("Page.navigate", JSON.createObjectNode().put("url", url));
        return devTools;
    }

    /** Evaluates {@code expression} in the page; its value as JSON (null for undefined). */
    public JsonNode evaluate(String expression) {
        JsonNode answer = call("Runtime.evaluate", JSON.createObjectNode()
                .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
        if (answer.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + answer.get("exceptionDetails"));
        }
        return answer.path("result").path("value");
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).join();
        JsonNode response = answer.orTimeout(30, TimeUnit.SECONDS).join();
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = JSON.readTree(partial.toString());
                CompletableFuture<JsonNode> answer = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                if (answer != null) {
                    answer.complete(message);
                }
            } catch (Exception e) {
                pending.values().forEach(waiting -> waiting.completeExceptionally(e));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
