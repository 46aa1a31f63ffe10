package dev.wharf.transport.tck.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.transport.tck.TckClaims;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TckConnection;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import dev.wharf.transport.tck.TckRefusal;
import dev.wharf.transport.tck.TckSubscription;
import dev.wharf.transport.tls.TrustingAnyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The JDK's {@link HttpClient} speaking Wharf's HTTP API over HTTP/2 (h2 after ALPN, or h2c by upgrade): a
 * publish is {@code POST /v1/topics/{topic}/messages}, a subscription the Server-Sent Events of
 * {@code GET .../stream} (the server pushes), an ack {@code POST .../ack}. A full {@code http} pool answers 429.
 */
final class HttpTckClient implements TckClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TckClaims claims() {
        return TckClaims.builder()
                .tls(true)
                .serverPush(true)
                .busyWhen(Map.of("businessThreads", "1", "businessQueue", "1"))
                .malformedInput(ascii("GET /health HTTP/1.1\r\nHost: tck\r\nContent-Length: nope\r\n\r\n"))
                .malformedInput(ascii("POST /v1/topics/tck/messages HTTP/1.1\r\nHost: tck\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"body\":"))
                .build();
    }

    @Override
    public TckConnection connect(InetSocketAddress address, boolean tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(TIMEOUT);
        if (tls) {
            builder.sslContext(TrustingAnyServer.context());
        }
        URI base = URI.create((tls ? "https" : "http") + "://" + address.getHostString() + ":" + address.getPort());
        Connection connection = new Connection(builder.build(), base);
        connection.open();
        return connection;
    }

    @Override
    public void close() {}

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Connection implements TckConnection {

        private final HttpClient http;
        private final URI base;
        private final List<EventStream> streams = new CopyOnWriteArrayList<>();

        Connection(HttpClient http, URI base) {
            this.http = http;
            this.base = base;
        }

        /** One request first, so that every later one shares its HTTP/2 connection rather than racing to open one. */
        void open() {
            try {
                http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach " + base, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted connecting to " + base, e);
            }
        }

        @Override
        public CompletableFuture<String> publish(String topic, TckMessage message) {
            String body = JsonMessages.writePublication(JSON.createObjectNode(), message).toString();
            return post("/v1/topics/" + topic + "/messages", body)
                    .thenApply(answer -> json(answer).path("results").path(0).path("messageId").asText());
        }

        @Override
        public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
            EventStream stream = new EventStream(sink);
            HttpRequest request = HttpRequest.newBuilder(
                            base.resolve("/v1/groups/" + group + "/topics/" + topic + "/stream?encoding=base64"))
                    .header("Accept", "text/event-stream").build();
            streams.add(stream);
            http.sendAsync(request, HttpResponse.BodyHandlers.fromSubscriber(stream));
            return stream;
        }

        @Override
        public CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery) {
            String body = JSON.createObjectNode().put("receiptHandle", delivery.receipt()).toString();
            return post("/v1/groups/" + group + "/topics/" + topic + "/ack", body).thenApply(answer -> null);
        }

        /**
         * Ends the subscriptions' streams. Java 17's client has no close: its HTTP/2 connection goes when the
         * client is collected or the server's idle timeout ends it.
         */
        @Override
        public void close() {
            streams.forEach(EventStream::close);
        }

        /** The answer when it is 2xx; a {@link TckRefusal} otherwise. */
        private CompletableFuture<HttpResponse<String>> post(String path, String body) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(answer -> {
                if (answer.statusCode() / 100 != 2) {
                    throw new TckRefusal(answer.statusCode() == 429 ? TckRefusal.Kind.BUSY : TckRefusal.Kind.ERROR,
                            answer.statusCode() + " " + answer.body());
                }
                return answer;
            });
        }

        private static JsonNode json(HttpResponse<String> answer) {
            try {
                return JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + answer.body(), e);
            }
        }
    }

    /**
     * Reads Server-Sent Events and hands each {@code message} event's data to the sink. It splits lines itself:
     * the JDK's line subscriber takes seconds over one multi-megabyte line.
     */
    private static final class EventStream implements Flow.Subscriber<List<ByteBuffer>>, TckSubscription {

        private final Consumer<TckDelivery> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private volatile Flow.Subscription chunks;
        private volatile boolean closed;
        private String event = "message";

        EventStream(Consumer<TckDelivery> sink) {
            this.sink = sink;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            chunks = subscription;
            if (closed) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    byte next = buffer.get();
                    if (next == '\n') {
                        onLine(line.toString(StandardCharsets.UTF_8).stripTrailing());
                        line.reset();
                    } else {
                        line.write(next);
                    }
                }
            }
        }

        private void onLine(String text) {
            if (text.startsWith("event:")) {
                event = text.substring("event:".length()).trim();
            } else if (text.startsWith("data:") && event.equals("message")) {
                try {
                    sink.accept(JsonMessages.delivery(JSON.readTree(text.substring("data:".length()).trim())));
                } catch (IOException e) {
                    throw new UncheckedIOException("an event that is not JSON: " + text, e);
                }
            } else if (text.isEmpty()) {
                event = "message";
            }
        }

        @Override
        public void onError(Throwable failure) {}

        @Override
        public void onComplete() {}

        @Override
        public void close() {
            closed = true;
            Flow.Subscription subscription = chunks;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
