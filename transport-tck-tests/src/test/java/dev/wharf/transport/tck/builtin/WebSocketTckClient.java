package dev.wharf.transport.tck.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.tck.TckClaims;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TckConnection;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import dev.wharf.transport.tck.TckRefusal;
import dev.wharf.transport.tck.TckSubscription;
import dev.wharf.transport.tls.TrustingAnyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The JDK's {@link WebSocket} speaking Wharf's WebSocket frame protocol on {@code /v1/ws}: {@code publish},
 * {@code subscribe} with credits (the server pushes {@code message} events, a credit given back for each),
 * {@code ack}; answers matched to requests by their {@code id}. A full {@code websocket} pool answers an
 * {@code error} event TOO_MANY_REQUESTS.
 */
final class WebSocketTckClient implements TckClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int CREDITS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TckClaims claims() {
        return TckClaims.builder()
                .tls(true)
                .serverPush(true)
                .busyWhen(Map.of("businessThreads", "1", "businessQueue", "1"))
                .malformedInput(ascii("GET /v1/ws HTTP/1.1\r\nHost: tck\r\n\r\n"))
                .malformedInput(ascii("GET /v1/ws HTTP/1.1\r\nHost: tck\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: not a key\r\nSec-WebSocket-Version: 99\r\n\r\n"))
                .build();
    }

    @Override
    public TckConnection connect(InetSocketAddress address, boolean tls) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (tls) {
            http.sslContext(TrustingAnyServer.context());
        }
        URI uri = URI.create((tls ? "wss" : "ws") + "://" + address.getHostString() + ":" + address.getPort() + "/v1/ws");
        Connection connection = new Connection();
        WebSocket socket = http.build().newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, connection)
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        connection.opened(socket);
        return connection;
    }

    @Override
    public void close() {}

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Connection implements TckConnection, WebSocket.Listener {

        private final AtomicLong ids = new AtomicLong();
        private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<String, Consumer<JsonNode>> subscriptions = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        /** The JDK sends one frame at a time: each send starts when the one before it is done. */
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        void opened(WebSocket socket) {
            this.socket = socket;
        }

        @Override
        public CompletableFuture<String> publish(String topic, TckMessage message) {
            ObjectNode request = JsonMessages.writePublication(JSON.createObjectNode(), message)
                    .put("op", "publish").put("topic", topic);
            return call(request).thenApply(answer -> answer.path("messageId").asText());
        }

        @Override
        public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
            ObjectNode request = JSON.createObjectNode().put("op", "subscribe").put("group", group).put("topic", topic)
                    .put("credits", CREDITS).put("encoding", "base64");
            CompletableFuture<String> subscribed = call(request).thenApply(answer -> {
                String subscription = answer.path("subscription").asText();
                subscriptions.put(subscription, message -> {
                    sink.accept(JsonMessages.delivery(message));
                    call(JSON.createObjectNode().put("op", "credit").put("subscription", subscription).put("credits", 1));
                });
                return subscription;
            });
            return () -> subscribed.thenAccept(subscription -> {
                subscriptions.remove(subscription);
                call(JSON.createObjectNode().put("op", "unsubscribe").put("subscription", subscription));
            });
        }

        @Override
        public CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery) {
            return call(JSON.createObjectNode().put("op", "ack").put("group", group).put("topic", topic)
                    .put("receiptHandle", delivery.receipt())).thenApply(answer -> null);
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            failPending("the client closed the connection");
        }

        /** Sends {@code request} with a fresh id; its answer, or a {@link TckRefusal} for its error event. */
        private CompletableFuture<JsonNode> call(ObjectNode request) {
            String id = Long.toString(ids.incrementAndGet());
            CompletableFuture<JsonNode> answer = new CompletableFuture<JsonNode>()
                    .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((done, failure) -> pending.remove(id));
            pending.put(id, answer);
            String frame = request.put("id", id).toString();
            synchronized (this) {
                sending = sending.handle((previous, failure) -> null)
                        .thenCompose(ready -> socket.sendText(frame, true))
                        .whenComplete((sent, failure) -> {
                            if (failure != null) {
                                answer.completeExceptionally(failure);
                            }
                        });
            }
            return answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            JsonNode event;
            try {
                event = JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("the server sent a frame that is not JSON: " + text, e);
            }
            String type = event.path("type").asText();
            if (type.equals("message")) {
                Consumer<JsonNode> subscription = subscriptions.get(event.path("subscription").asText());
                if (subscription != null) {
                    subscription.accept(event);
                }
                return;
            }
            CompletableFuture<JsonNode> answer = pending.get(event.path("id").asText());
            if (answer == null) {
                return;
            }
            if (type.equals("error")) {
                String code = event.path("code").asText();
                answer.completeExceptionally(new TckRefusal(
                        code.equals("TOO_MANY_REQUESTS") ? TckRefusal.Kind.BUSY : TckRefusal.Kind.ERROR, text));
            } else {
                answer.complete(event);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failPending("the server closed the connection: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failPending("the connection failed: " + error);
        }

        private void failPending(String why) {
            pending.values().forEach(answer -> answer.completeExceptionally(new IOException(why)));
        }
    }
}
