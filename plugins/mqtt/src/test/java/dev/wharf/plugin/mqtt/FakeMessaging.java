package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import dev.wharf.transport.spi.messaging.QueueRead;
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
 * at a topic's end are recorded. Reads answer, in order, the publications stored to the topic read, one queue per
 * topic, as a broker would; {@link #failReads} makes them fail.
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
    final List<String> createdTopics = new ArrayList<>();
    final List<Long> readOffsets = new ArrayList<>();
    private final List<Published> stored = new ArrayList<>();
    private boolean failReads;
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

    /** Makes every read fail as a broker that cannot be reached would, or succeed again. */
    synchronized void failReads(boolean fail) {
        this.failReads = fail;
    }

    /** The publications to {@code topic}. */
    synchronized List<Publication> publishedTo(String topic) {
        return published.stream().filter(p -> p.topic().equals(topic)).map(Published::publication).toList();
    }

    @Override
    public synchronized CompletableFuture<List<PublishResult>> publish(RequestContext context, String topic,
            List<Publication> messages) {
        messages.forEach(message -> published.add(new Published(topic, message)));
        return publishAnswer.apply(messages.get(0)).thenApply(result -> {
            if (result instanceof PublishResult.Published) {
                synchronized (this) {
                    messages.forEach(message -> stored.add(new Published(topic, message)));
                }
            }
            return List.of(result);
        });
    }

    @Override
    public synchronized CompletableFuture<Void> createTopicIfAbsent(RequestContext context, String topic, int queues) {
        createdTopics.add(topic + "/" + queues);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<QueueRead> read(RequestContext context, String topic, int queueId,
            long offset, int maxMessages) {
        readOffsets.add(offset);
        if (failReads) {
            return CompletableFuture.failedFuture(new MessagingException(ErrorCode.TOO_MANY_REQUESTS, "broker busy"));
        }
        List<Publication> log = stored.stream().filter(p -> p.topic().equals(topic)).map(Published::publication)
                .toList();
        List<Delivery> read = new ArrayList<>();
        for (long at = offset; at < log.size() && read.size() < maxMessages; at++) {
            Publication record = log.get((int) at);
            read.add(new Delivery(topic, topic + "-" + at, record.tag(), List.of(), record.properties(), record.body(),
                    false, null, 0, null, queueId, at, 1, null));
        }
        return CompletableFuture.completedFuture(new QueueRead(read, offset + read.size(), log.size()));
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
