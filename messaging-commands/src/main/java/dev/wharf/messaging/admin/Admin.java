package dev.wharf.messaging.admin;

import dev.wharf.messaging.BrokerRefusals;
import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Topic and group administration for transports that offer it (the HTTP API): each operation is the
 * Remoting commands {@code mqadmin} sends, dispatched on the listener's processors. Thread-safe. Refusals
 * fail the futures with a {@link MessagingException}; names that do not exist are TOPIC_NOT_FOUND or
 * CONSUMER_GROUP_NOT_FOUND (the broker makes groups on first use, so groups are looked up in its list).
 *
 * <pre>{@code
 * Admin admin = new Admin(processors);
 * admin.createTopic(context, "orders", 8, TopicType.FIFO)
 *         .thenCompose(created -> admin.describeTopic(context, "orders"))
 *         .thenAccept(topic -> System.out.println(topic.queues()));
 * }</pre>
 */
public final class Admin {

    /** Most queues a topic is created with here; RocketMQ's tools allow up to this many as well. */
    public static final int MAX_QUEUES = 1024;

    private final CommandDispatcher broker;

    public Admin(ProcessorTable processors) {
        this.broker = new CommandDispatcher(processors);
    }

    /** Creates a topic, or changes the queue count and type of an existing one. */
    public CompletableFuture<Void> createTopic(RequestContext context, String topic, int queues, TopicType type) {
        return checked(() -> {
            ResourceNames.topic(topic);
            if (queues < 1 || queues > MAX_QUEUES) {
                throw new MessagingException(ErrorCode.BAD_REQUEST,
                        "queues " + queues + " must be within 1.." + MAX_QUEUES);
            }
            return call(context, AdminRequests.createTopic(topic, queues, type.name())).thenApply(done -> null);
        });
    }

    /** Every topic's name, sorted, system topics included. */
    public CompletableFuture<List<String>> listTopics(RequestContext context) {
        return call(context, AdminRequests.listTopics()).thenApply(AdminResponses::topicNames);
    }

    /** A topic's type, queue counts and the offsets of each queue. */
    public CompletableFuture<TopicDescription> describeTopic(RequestContext context, String topic) {
        return checked(() -> {
            ResourceNames.topic(topic);
            return call(context, AdminRequests.topicConfig(topic))
                    .thenApply(AdminResponses::topicConfig)
                    .thenCompose(config -> call(context, AdminRequests.topicStats(topic))
                            .thenApply(stats -> config.withQueues(AdminResponses.topicOffsets(stats))));
        });
    }

    /** Deletes a topic from the broker and from the routes; TOPIC_NOT_FOUND when there is none. */
    public CompletableFuture<Void> deleteTopic(RequestContext context, String topic) {
        return checked(() -> {
            ResourceNames.topic(topic);
            return call(context, AdminRequests.topicConfig(topic))
                    .thenCompose(exists -> call(context, AdminRequests.deleteTopicInBroker(topic)))
                    .thenCompose(deleted -> call(context, AdminRequests.deleteTopicFromNameServer(topic)))
                    .thenApply(done -> null);
        });
    }

    /** Creates a group, or changes its retry limit and order; an empty limit keeps the broker's default. */
    public CompletableFuture<Void> createGroup(RequestContext context, String group, OptionalInt maxRetries,
            boolean fifo) {
        return checked(() -> {
            ResourceNames.group(group);
            if (maxRetries.isPresent() && maxRetries.getAsInt() < 0) {
                throw new MessagingException(ErrorCode.BAD_REQUEST,
                        "maxRetries " + maxRetries.getAsInt() + " must not be negative");
            }
            return call(context, AdminRequests.createGroup(group, maxRetries, fifo)).thenApply(done -> null);
        });
    }

    /** Every group, sorted by name. */
    public CompletableFuture<List<GroupSummary>> listGroups(RequestContext context) {
        return call(context, AdminRequests.listGroups()).thenApply(AdminResponses::groups);
    }

    /** Deletes a group and its offsets; CONSUMER_GROUP_NOT_FOUND when there is none. */
    public CompletableFuture<Void> deleteGroup(RequestContext context, String group) {
        return existingGroup(context, group)
                .thenCompose(found -> call(context, AdminRequests.deleteGroup(group)))
                .thenApply(done -> null);
    }

    /** A group's offsets and lag per topic and queue; CONSUMER_GROUP_NOT_FOUND when there is no such group. */
    public CompletableFuture<GroupOffsets> groupOffsets(RequestContext context, String group) {
        return existingGroup(context, group)
                .thenCompose(found -> call(context, AdminRequests.consumeStats(group)))
                .thenApply(stats -> new GroupOffsets(group, AdminResponses.consumeProgress(stats)));
    }

    private CompletableFuture<GroupSummary> existingGroup(RequestContext context, String group) {
        return checked(() -> {
            ResourceNames.group(group);
            return listGroups(context).thenApply(groups -> groups.stream()
                    .filter(summary -> summary.name().equals(group))
                    .findFirst()
                    .orElseThrow(() -> new MessagingException(ErrorCode.CONSUMER_GROUP_NOT_FOUND,
                            "consumer group '" + group + "' does not exist")));
        });
    }

    private CompletableFuture<RemotingCommand> call(RequestContext context, RemotingCommand request) {
        return broker.call(context, request).thenApply(BrokerRefusals::requireSuccess);
    }

    /** Runs {@code operation}, turning a refusal it throws into a failed future. */
    private static <T> CompletableFuture<T> checked(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (MessagingException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
