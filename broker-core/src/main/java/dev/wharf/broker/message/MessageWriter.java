package dev.wharf.broker.message;

import dev.wharf.broker.schedule.ScheduleMessageService;
import dev.wharf.broker.stats.BrokerStats;
import dev.wharf.broker.timer.DeliveryTime;
import dev.wharf.broker.timer.TimerMessageService;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The last step of every write a client causes (send, batch send, send-back, transaction commit): honours
 * a {@code DELAY} level by redirecting to the scheduling queue, or else a delivery time
 * ({@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS}) by redirecting to the timer;
 * appends, and turns store failures into the response
 * codes clients expect — a message the store refuses is {@link ResponseCode#MESSAGE_ILLEGAL}, a store
 * that is closing {@link ResponseCode#SERVICE_NOT_AVAILABLE}.
 *
 * <pre>{@code
 * writer.write(record).thenApply(put -> put.offsetMessageIds().get(0));
 * }</pre>
 */
public final class MessageWriter {

    private final MessageStore store;
    private final TopicRegistry topics;
    private final ScheduleMessageService schedule;
    private final TimerMessageService timers;
    private final BrokerStats stats;

    public MessageWriter(MessageStore store, TopicRegistry topics, ScheduleMessageService schedule,
            TimerMessageService timers, BrokerStats stats) {
        this.store = store;
        this.topics = topics;
        this.schedule = schedule;
        this.timers = timers;
        this.stats = stats;
    }

    /**
     * Appends one message: through the scheduling queue when its {@code DELAY} level is above 0 (a delivery
     * time it also has is then dropped, as Apache RocketMQ does), else through the timer when it asks for a
     * delivery time still ahead.
     *
     * @throws RemotingCommandException MESSAGE_ILLEGAL for a malformed delay level or delivery time, or one
     *     beyond the timer's maximum delay
     */
    public CompletableFuture<PutResult> write(MessageRecord message) {
        int level = delayLevel(message);
        MessageRecord target;
        if (level > 0) {
            MessageRecord levelOnly = DeliveryTime.withoutRequest(message);
            target = schedule.enabled() ? schedule.schedule(levelOnly, level) : levelOnly;
        } else {
            target = timers.route(message);
        }
        return append(target);
    }

    /**
     * Appends one message exactly as given, with no delay or timer redirection: for records the broker
     * places itself, such as a transactional half message, whose delay applies only once it is committed.
     */
    public CompletableFuture<PutResult> append(MessageRecord message) {
        try {
            return counted(store.put(message));
        } catch (RuntimeException e) {
            return asResponseFailure(e);
        }
    }

    /** Appends messages of one queue as consecutive records (no delay or timer: batches cannot carry one). */
    public CompletableFuture<PutResult> writeBatch(List<MessageRecord> messages) {
        try {
            return counted(store.putBatch(messages));
        } catch (RuntimeException e) {
            return asResponseFailure(e);
        }
    }

    private CompletableFuture<PutResult> counted(CompletableFuture<PutResult> put) {
        return put.whenComplete((result, failure) -> {
            if (result != null) {
                stats.messagesPut(result.messageCount());
            }
        }).exceptionallyCompose(MessageWriter::asResponseFailure);
    }

    /** The message redirected to its group's dead-letter queue (created on first use), without a delay. */
    public MessageRecord toDeadLetterQueue(MessageRecord message, String group) {
        String dlq = TopicNames.dlqTopic(group);
        topics.ensure(dlq, 1, TopicMessageType.NORMAL);
        return message.toBuilder()
                .topic(dlq)
                .queueId(0)
                .property(MessageProperties.DELAY_TIME_LEVEL, null)
                .build();
    }

    /**
     * The message's {@code DELAY} level, 0 when it has none.
     *
     * @throws RemotingCommandException MESSAGE_ILLEGAL when the property is not a number
     */
    public static int delayLevel(MessageRecord message) {
        String level = message.properties().get(MessageProperties.DELAY_TIME_LEVEL);
        if (level == null) {
            return 0;
        }
        try {
            return Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                    "the DELAY property must be a delay level number, got '" + level + "'");
        }
    }

    private static CompletableFuture<PutResult> asResponseFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof IllegalArgumentException) {
            return CompletableFuture.failedFuture(new RemotingCommandException(
                    ResponseCode.MESSAGE_ILLEGAL, "the message was refused: " + cause.getMessage(), cause));
        }
        if (cause instanceof IllegalStateException) {
            return CompletableFuture.failedFuture(new RemotingCommandException(
                    ResponseCode.SERVICE_NOT_AVAILABLE, "the store is not available: " + cause.getMessage(), cause));
        }
        return CompletableFuture.failedFuture(cause);
    }
}
