package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A messaging service the tests steer: publications are recorded and answered by {@link #answerPublishes}
 * (stored at once by default), receives wait until the test hands them deliveries, acks, nacks and groups started
 * at a topic's end are recorded.
 */
final class FakeMessaging implements MessagingService {

    /** A publication with its topic. */
    record Published(String topic, Publication publication) {}

    /** An ack with its group and topic. */
    record Acked(String group, String topic, String receiptHandle) {}

    final List<Published> published = new ArrayList<>();
    final List<ReceiveRequest> receives = new ArrayList<>();
    final List<Acked> acked = new ArrayList<>();
    final List<String> nacked = new ArrayList<>();
    /** The groups started at a topic's end, as {@code group@topic}. */
    final List<String> startedAtEnd = new ArrayList<>();
    private Function<String, CompletableFuture<Void>> startAtEndAnswer = topic -> CompletableFuture.completedFuture(null);
    private final Queue<CompletableFuture<List<Delivery>>> pendingReceives = new ArrayDeque<>();
    private Function<Publication, CompletableFuture<PublishResult>> publishAnswer =
            publication -> CompletableFuture.completedFuture(new PublishResult.Published("id", 0, 0, "id", null));

    void answerPublishes(Function<Publication, CompletableFuture<PublishResult>> answer) {
        this.publishAnswer = answer;
    }

    /** Answers {@link #startAtEnd} by topic. */
    void answerStartAtEnd(Function<String, CompletableFuture<Void>> answer) {
        this.startAtEndAnswer = answer;
    }

    /** Completes the oldest waiting receive with {@code deliveries}. */
    void deliver(Delivery... deliveries) {
        CompletableFuture<List<Delivery>> receive = pendingReceives.poll();
        if (receive == null) {
            throw new AssertionError("no receive is waiting");
        }
        receive.complete(List.of(deliveries));
    }

    static Delivery delivery(String topic, String tag, Map<String, String> properties, String body, int attempt,
            String receiptHandle) {
        return new Delivery(topic, "msg-" + body, tag, List.of(), properties, body.getBytes(StandardCharsets.UTF_8),
                false, null, 0, null, 0, 0, attempt, receiptHandle);
    }

    @Override
    public synchronized CompletableFuture<List<PublishResult>> publish(RequestContext context, String topic,
            List<Publication> messages) {
        messages.forEach(message -> published.add(new Published(topic, message)));
        return publishAnswer.apply(messages.get(0)).thenApply(List::of);
    }

    @Override
    public synchronized CompletableFuture<List<Delivery>> receive(RequestContext context, ReceiveRequest request) {
        receives.add(request);
        CompletableFuture<List<Delivery>> receive = new CompletableFuture<>();
        pendingReceives.add(receive);
        return receive;
    }

    @Override
    public synchronized CompletableFuture<Void> startAtEnd(RequestContext context, String group, String topic) {
        startedAtEnd.add(group + "@" + topic);
        return startAtEndAnswer.apply(topic);
    }

    @Override
    public synchronized CompletableFuture<Void> ack(RequestContext context, String group, String topic,
            String receiptHandle) {
        acked.add(new Acked(group, topic, receiptHandle));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> nack(RequestContext context, String group, String topic,
            String receiptHandle) {
        nacked.add(receiptHandle);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> changeInvisibleTime(RequestContext context, String group, String topic,
            String receiptHandle, Duration invisibleTime) {
        throw new UnsupportedOperationException("the MQTT plugin never changes invisible times");
    }
}
