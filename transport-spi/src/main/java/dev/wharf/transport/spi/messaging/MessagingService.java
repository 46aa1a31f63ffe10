package dev.wharf.transport.spi.messaging;

import dev.wharf.transport.spi.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publish, receive, ack, nack and change-invisible-time (and, for state a protocol keeps in the broker, topic
 * creation and reads by offset) for transports whose clients are not RocketMQ
 * clients (HTTP, WebSocket, plugins such as MQTT). Each operation becomes the Remoting commands a RocketMQ
 * client would send, dispatched on the listener's own processors, so every protocol gets the same broker
 * semantics, limits and pools. A transport gets one bound to its processor table from
 * {@link dev.wharf.transport.spi.TransportContext#messaging TransportContext.messaging(processors, config)};
 * one per server, thread-safe. Refusals fail the futures with a {@link MessagingException}, whose
 * {@link MessagingError} a transport turns into its own error (an HTTP status, a CONNACK or PUBACK code...).
 *
 * <pre>{@code
 * MessagingService messaging = context.messaging(processors, serverConfig);
 * RequestContext request = new RequestContext(connection);
 * messaging.publish(request, "orders", List.of(Publication.builder(body).tag("created").build()))
 *         .thenAccept(results -> results.forEach(r -> log.info("{}", r)));
 * messaging.receive(request, new ReceiveRequest("billing", "orders", "*", 16, Duration.ofSeconds(30),
 *                 Duration.ofSeconds(20)))
 *         .thenCompose(deliveries -> messaging.ack(request, "billing", "orders", deliveries.get(0).receiptHandle()));
 * }</pre>
 */
public interface MessagingService {

    /** Most messages one receive returns, as RocketMQ's POP allows. */
    int MAX_BATCH = 32;
    /** Shortest invisible time a receive or change-invisible-time accepts. */
    Duration MIN_INVISIBLE_TIME = Duration.ofSeconds(10);
    /** Longest invisible time a receive or change-invisible-time accepts. */
    Duration MAX_INVISIBLE_TIME = Duration.ofHours(12);
    /** Longest long poll: well within every proxy's and browser's idle limits. */
    Duration MAX_WAIT = Duration.ofSeconds(30);
    /** How soon a nacked message comes back. */
    Duration NACK_DELAY = Duration.ofSeconds(1);

    /**
     * Publishes messages to one topic, all at once; a result per message, in order. A message refused by
     * the checks or the broker is a {@link PublishResult.Refused} and does not stop the others. Fails only
     * when the topic name is illegal.
     */
    CompletableFuture<List<PublishResult>> publish(RequestContext context, String topic, List<Publication> messages);

    /**
     * Receives up to {@code maxMessages} with POP, waiting up to {@code pollTime} for the first; an empty list
     * when none came.
     */
    CompletableFuture<List<Delivery>> receive(RequestContext context, ReceiveRequest request);

    /**
     * Starts {@code group} at the end of every queue of {@code topic} on which it has no position yet, so that its
     * receives get only messages published from now on; queues where it has one keep it, so a consumer that comes
     * back still gets what was published while it was away. For protocols without history (MQTT): a new group
     * would otherwise start at a queue's first message while the queue was never trimmed, as RocketMQ's POP and
     * its "consume from last offset" do. Fails with {@link ErrorCode#TOPIC_NOT_FOUND} when there is no such topic.
     */
    CompletableFuture<Void> startAtEnd(RequestContext context, String group, String topic);

    /**
     * Creates {@code topic} for normal messages with {@code queues} queues unless it exists (an existing topic is
     * left as it is, whatever its queues). For a protocol that keeps state of its own in the broker, such as MQTT's
     * retained messages, so that it works whether or not the broker creates topics on first use.
     *
     * <pre>{@code
     * messaging.createTopicIfAbsent(request, "wharf_mqtt_retained", 1).join();
     * }</pre>
     */
    CompletableFuture<Void> createTopicIfAbsent(RequestContext context, String topic, int queues);

    /**
     * Reads up to {@code maxMessages} (1 to {@value #MAX_BATCH}) stored messages of one queue from {@code offset}
     * on, in order, as a RocketMQ pull does, without a consumer group: nothing is acknowledged, no position is kept
     * and no other consumer is affected. For a protocol that rebuilds state from a topic it writes (MQTT's retained
     * messages). An offset before the queue's first message reads from its first; the deliveries have no receipt
     * handle. Loop on {@link QueueRead#nextOffset()} until {@link QueueRead#atEnd()}:
     *
     * <pre>{@code
     * long offset = 0;
     * QueueRead read;
     * do {
     *     read = messaging.read(request, "wharf_mqtt_retained", 0, offset, MessagingService.MAX_BATCH).join();
     *     read.messages().forEach(index::apply);
     *     offset = read.nextOffset();
     * } while (!read.atEnd());
     * }</pre>
     *
     * Fails with {@link ErrorCode#TOPIC_NOT_FOUND} when there is no such topic, {@link ErrorCode#BAD_REQUEST} for a
     * queue it does not have or a bad count.
     */
    CompletableFuture<QueueRead> read(RequestContext context, String topic, int queueId, long offset, int maxMessages);

    /** Acknowledges a delivered message: the group will not get it again. */
    CompletableFuture<Void> ack(RequestContext context, String group, String topic, String receiptHandle);

    /**
     * Gives a delivered message back: it comes again after {@link #NACK_DELAY} as the next delivery attempt,
     * or goes to the dead-letter queue once the group's attempts are used up.
     */
    CompletableFuture<Void> nack(RequestContext context, String group, String topic, String receiptHandle);

    /**
     * Keeps a delivered message invisible for {@code invisibleTime} from now, within
     * [{@link #MIN_INVISIBLE_TIME}, {@link #MAX_INVISIBLE_TIME}]; answers its new receipt handle.
     */
    CompletableFuture<String> changeInvisibleTime(RequestContext context, String group, String topic,
            String receiptHandle, Duration invisibleTime);
}
