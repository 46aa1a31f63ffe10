package dev.wharf.broker.pop;

import dev.wharf.broker.filter.TagFilter;
import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.processor.QueueAccess;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * POP_MESSAGE (200050): hands out up to {@code maxMsgNums} messages of a topic — one queue, or any
 * ({@code queueId} -1, starting at a random one) — together with the group's pop retry topic, and makes
 * them invisible to the group for {@code invisibleTime}. Retry messages come first with a probability of
 * 20 %, else they fill what the topic left of the batch, as in RocketMQ; they are re-encoded under the
 * topic's own name with their receipt in {@code POP_CK}, whose retry flag tells the acker which topic to
 * ack. A FIFO pop ({@code order=true}) serves one batch per queue at a time (see {@link FifoPop}).
 *
 * <p>A pop that finds nothing is parked for {@code pollTime} ({@link PopLongPolling}) and answers
 * {@link ResponseCode#POLLING_TIMEOUT} if nothing came, as RocketMQ's broker does.
 */
public final class PopMessageProcessor implements RequestProcessor {

    private static final int RETRY_FIRST_PERCENT = 20;

    private final MessageStore store;
    private final TopicRegistry topics;
    private final QueueAccess access;
    private final NormalPop normal;
    private final FifoPop fifo;
    private final PopLongPolling polling;
    private final PopResponse responses;
    private final Clock clock;

    PopMessageProcessor(MessageStore store, TopicRegistry topics, QueueAccess access, NormalPop normal, FifoPop fifo,
            PopLongPolling polling, PopResponse responses, Clock clock) {
        this.store = store;
        this.topics = topics;
        this.access = access;
        this.normal = normal;
        this.fifo = fifo;
        this.polling = polling;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        PopRequestHeader header = PopRequestHeader.read(request);
        if (header.isTooLate(clock.millis())) {
            return CompletableFuture.completedFuture(responses.empty(request, header, ResponseCode.POLLING_TIMEOUT,
                    "the broker pop message is timeout too much: born at " + header.bornTime() + " with poll time "
                            + header.pollTime() + " ms"));
        }
        if (header.maxMsgNums() < 1 || header.maxMsgNums() > PopRequestHeader.MAX_MSG_NUMS) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the pop message's num "
                    + header.maxMsgNums() + " is out of range 1.." + PopRequestHeader.MAX_MSG_NUMS);
        }
        if (header.invisibleTime() < 0 || header.pollTime() < 0) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "invisibleTime "
                    + header.invisibleTime() + " and pollTime " + header.pollTime() + " must not be negative");
        }
        TopicConfig topic = readableTopic(header);
        SubscriptionGroupConfig group = access.group(header.consumerGroup());
        if (!group.consumeEnable()) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION,
                    "the consumer group " + group.groupName() + " may not consume");
        }
        MessageFilter filter = TagFilter.parse(header.expType(), header.exp());
        return pop(request, header, topic, group, filter, true);
    }

    private TopicConfig readableTopic(PopRequestHeader header) {
        TopicConfig topic = access.topic(header.topic());
        if (!topic.isReadable()) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION,
                    "the topic " + topic.topicName() + " is not readable (perm " + topic.perm() + ")");
        }
        if (header.queueId() < -1 || header.queueId() >= topic.readQueueNums()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "queueId " + header.queueId()
                    + " is illegal for topic " + topic.topicName() + " with " + topic.readQueueNums()
                    + " read queues (or -1 for any)");
        }
        return topic;
    }

    private CompletableFuture<RemotingCommand> pop(RemotingCommand request, PopRequestHeader header, TopicConfig topic,
            SubscriptionGroupConfig group, MessageFilter filter, boolean firstRun) {
        PopContext pop = new PopContext(header, group, filter, clock.millis());
        Optional<TopicConfig> retryTopic = header.order() ? Optional.empty()
                : topics.get(TopicNames.popRetryTopic(group.groupName(), topic.topicName()));
        long arrivalsBefore = arrivals(topic, retryTopic);
        List<QueuePop> popped = new ArrayList<>();
        long blockedUntil = 0;
        int wanted = header.maxMsgNums();
        boolean retryFirst = retryTopic.isPresent() && ThreadLocalRandom.current().nextInt(100) < RETRY_FIRST_PERCENT;
        if (retryFirst) {
            wanted -= popRetry(pop, retryTopic.get(), wanted, popped);
        }
        for (int queueId : queues(topic, header.queueId())) {
            if (wanted <= 0) {
                break;
            }
            if (header.order()) {
                FifoPop.Outcome outcome = fifo.pop(pop, topic.topicName(), queueId, wanted);
                blockedUntil = blockedUntil == 0 ? outcome.blockedUntil()
                        : outcome.blockedUntil() == 0 ? blockedUntil : Math.min(blockedUntil, outcome.blockedUntil());
                outcome.pop().ifPresent(popped::add);
                wanted -= outcome.pop().map(queuePop -> queuePop.records().size()).orElse(0);
            } else {
                Optional<QueuePop> queuePop = normal.pop(pop, topic.topicName(), queueId, wanted, false);
                queuePop.ifPresent(popped::add);
                wanted -= queuePop.map(found -> found.records().size()).orElse(0);
            }
        }
        if (!retryFirst && retryTopic.isPresent() && wanted > 0) {
            popRetry(pop, retryTopic.get(), wanted, popped);
        }
        long rest = header.order() ? 0 : rest(pop, topic);
        if (!popped.isEmpty()) {
            return answer(request, pop, popped, rest);
        }
        if (firstRun && header.pollTime() > 0) {
            // The retry topic is watched even before it exists: the revive service creates it with its first message.
            List<String> watched = header.order() ? List.of(topic.topicName())
                    : List.of(topic.topicName(), TopicNames.popRetryTopic(group.groupName(), topic.topicName()));
            if (polling.isFull(topic.topicName())) {
                return CompletableFuture.completedFuture(responses.empty(request, header, ResponseCode.POLLING_FULL,
                        "too many pops are waiting for messages of " + topic.topicName()));
            }
            long wait = header.pollTime();
            if (blockedUntil > 0) {
                wait = Math.min(wait, Math.max(1, blockedUntil - pop.popTime()));
            }
            return polling.hold(request, watched, filter, wait,
                    () -> arrivals(topic, retryTopic) != arrivalsBefore,
                    () -> pop(request, header, topic, group, filter, false));
        }
        return CompletableFuture.completedFuture(responses.empty(request, header, ResponseCode.POLLING_TIMEOUT,
                "no new message in " + topic.topicName() + " for " + group.groupName()));
    }

    private int popRetry(PopContext pop, TopicConfig retryTopic, int wanted, List<QueuePop> popped) {
        int taken = 0;
        for (int queueId = 0; queueId < retryTopic.readQueueNums() && taken < wanted; queueId++) {
            Optional<QueuePop> queuePop = normal.pop(pop, retryTopic.topicName(), queueId, wanted - taken, true);
            if (queuePop.isPresent()) {
                popped.add(queuePop.get());
                taken += queuePop.get().records().size();
            }
        }
        return taken;
    }

    private CompletableFuture<RemotingCommand> answer(RemotingCommand request, PopContext pop, List<QueuePop> popped,
            long rest) {
        CompletableFuture<?>[] durable = popped.stream().map(QueuePop::durable).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(durable).handle((ignored, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                // Batches whose checkpoints were written stay in flight and come back after their
                // invisible time; the one that failed is popped again.
                return RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR,
                        "the pop could not be recorded: " + cause.getMessage());
            }
            return responses.found(request, pop, popped, rest);
        });
    }

    /** The queues to read: the one asked for, or all readable ones from a random start. */
    private static int[] queues(TopicConfig topic, int queueId) {
        if (queueId >= 0) {
            return new int[] {queueId};
        }
        int count = topic.readQueueNums();
        int start = ThreadLocalRandom.current().nextInt(count);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (start + i) % count;
        }
        return order;
    }

    private long rest(PopContext pop, TopicConfig topic) {
        long rest = 0;
        int initMode = pop.header().initMode();
        for (int queueId : queues(topic, pop.header().queueId())) {
            rest += normal.rest(topic.topicName(), pop.groupName(), queueId, initMode);
        }
        return rest;
    }

    /** A number that grows whenever a message lands in one of the topics' queues. */
    private long arrivals(TopicConfig topic, Optional<TopicConfig> retryTopic) {
        long sum = 0;
        for (int queueId = 0; queueId < topic.readQueueNums(); queueId++) {
            sum += store.maxOffset(topic.topicName(), queueId);
        }
        if (retryTopic.isPresent()) {
            for (int queueId = 0; queueId < retryTopic.get().readQueueNums(); queueId++) {
                sum += store.maxOffset(retryTopic.get().topicName(), queueId);
            }
        }
        return sum;
    }
}
