package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.local.InProcessConnection;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's retained messages, kept in the broker and indexed in memory. The broker's topic {@value #TOPIC}
 * (one queue, created when missing) is their log: a retained PUBLISH appends a record tagged {@value #RETAIN_TAG}
 * with the MQTT topic in {@value TopicMapping#TOPIC_PROPERTY}, the QoS in {@value #QOS_PROPERTY} and the payload as
 * body; a retained PUBLISH with an empty payload appends a tombstone tagged {@value #CLEAR_TAG} whose body is the
 * topic name (the broker stores no empty bodies). The index is only ever built by reading that queue in order —
 * from its start when the listener starts, then from where the last read stopped before each SUBSCRIBE is
 * answered ({@link #catchUp}) — so every listener and gateway on the same broker answers from the same history,
 * and a SUBSCRIBE sees every retained PUBLISH acknowledged before it, whichever listener took it.
 */
final class RetainedStore {

    static final String TOPIC = "wharf_mqtt_retained";
    static final String RETAIN_TAG = "retain";
    static final String CLEAR_TAG = "clear";
    static final String QOS_PROPERTY = "mqttQos";
    /** One queue, so that the order of the records is the order of the publishes. */
    private static final int QUEUE = 0;
    private static final Logger log = LoggerFactory.getLogger(RetainedStore.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final MessagingService messaging;
    private final RetainedIndex index;
    private final Clock clock;
    private final InProcessConnection own = new InProcessConnection("mqtt-retained-" + IDS.incrementAndGet());
    private CompletableFuture<Void> created;
    private CompletableFuture<Void> lastRead = CompletableFuture.completedFuture(null);
    /** A read that has not started yet: a catch-up asked for now can share it. */
    private CompletableFuture<Void> queuedRead;
    /** Where the next read starts; reads run one after the other. */
    private volatile long nextOffset;

    RetainedStore(MessagingService messaging, RetainedIndex index, Clock clock) {
        this.messaging = messaging;
        this.index = index;
        this.clock = clock;
    }

    /** Reads the whole retained topic into the index, in the background; a failure is logged and retried later. */
    void start() {
        catchUp().whenComplete((done, failure) -> {
            if (failure != null) {
                log.warn("MQTT retained messages cannot be read from topic {} yet, retrying at the next SUBSCRIBE: {}",
                        TOPIC, MessagingException.errorOf(failure).message());
            } else {
                log.info("MQTT retained messages: {} read from topic {}", index.size(), TOPIC);
            }
        });
    }

    /**
     * Reads what was appended to the retained topic since the last read into the index; completes once everything
     * stored before the call is in. Reads run one at a time; callers that come while one waits to start share it.
     */
    CompletableFuture<Void> catchUp() {
        CompletableFuture<Void> read;
        CompletableFuture<Void> previous;
        synchronized (this) {
            if (queuedRead != null) {
                return queuedRead;
            }
            read = new CompletableFuture<>();
            queuedRead = read;
            previous = lastRead;
            lastRead = read;
        }
        previous.whenComplete((done, failure) -> {
            synchronized (this) {
                queuedRead = null;
            }
            created().thenCompose(topic -> readFrom(nextOffset)).whenComplete((caughtUp, readFailure) -> {
                if (readFailure != null) {
                    read.completeExceptionally(readFailure);
                } else {
                    read.complete(null);
                }
            });
        });
        return read;
    }

    /** The retained messages a new subscription to {@code filter} gets, as of the last {@link #catchUp}. */
    List<RetainedMessage> matching(TopicFilter filter) {
        return index.matching(filter);
    }

    /** Appends {@code topic}'s new retained message; fails with a {@link MessagingException} when it is refused. */
    CompletableFuture<Void> retain(RequestContext context, String topic, int qos, byte[] body) {
        return append(context, Publication.builder(body).tag(RETAIN_TAG).property(TopicMapping.TOPIC_PROPERTY, topic)
                .property(QOS_PROPERTY, Integer.toString(qos)).queueId(QUEUE).build());
    }

    /** Appends the tombstone that removes {@code topic}'s retained message. */
    CompletableFuture<Void> clear(RequestContext context, String topic) {
        return append(context, Publication.builder(topic.getBytes(StandardCharsets.UTF_8)).tag(CLEAR_TAG)
                .property(TopicMapping.TOPIC_PROPERTY, topic).queueId(QUEUE).build());
    }

    private CompletableFuture<Void> append(RequestContext context, Publication record) {
        return created().thenCompose(topic -> messaging.publish(context, TOPIC, List.of(record)))
                .thenApply(PublishOutcome::requireStored);
    }

    /** The retained topic, created once; a failed creation is tried again by the next caller. */
    private synchronized CompletableFuture<Void> created() {
        if (created == null || created.isCompletedExceptionally()) {
            created = messaging.createTopicIfAbsent(ownRequest(), TOPIC, 1);
        }
        return created;
    }

    private CompletableFuture<Void> readFrom(long offset) {
        return messaging.read(ownRequest(), TOPIC, QUEUE, offset, MessagingService.MAX_BATCH).thenCompose(read -> {
            read.messages().forEach(this::apply);
            nextOffset = read.nextOffset();
            return read.atEnd() || read.nextOffset() <= offset ? CompletableFuture.completedFuture(null)
                    : readFrom(read.nextOffset());
        });
    }

    private void apply(Delivery record) {
        String topic = record.userProperties().get(TopicMapping.TOPIC_PROPERTY);
        String qos = record.userProperties().get(QOS_PROPERTY);
        if (topic != null && CLEAR_TAG.equals(record.tag())) {
            index.clear(topic);
        } else if (topic != null && RETAIN_TAG.equals(record.tag()) && ("0".equals(qos) || "1".equals(qos))
                && record.body().length > 0 && !record.compressed()) {
            if (!index.retain(new RetainedMessage(topic, Integer.parseInt(qos), record.body(), record.messageId()))) {
                log.warn("MQTT retained message of topic '{}' not kept: the listener keeps no more ({}); the topic has"
                        + " no retained message now", topic, index.limits());
            }
        } else {
            log.warn("record {} at offset {} of topic {} is not an MQTT retained message (tag {}, {} {}, {} {});"
                    + " skipped", record.messageId(), record.queueOffset(), TOPIC, record.tag(),
                    TopicMapping.TOPIC_PROPERTY, topic, QOS_PROPERTY, qos);
        }
    }

    private RequestContext ownRequest() {
        return new RequestContext(own, clock.millis());
    }
}
