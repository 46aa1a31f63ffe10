package dev.wharf.messaging;

import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.messaging.admin.AdminResponses;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * {@link dev.wharf.transport.spi.messaging.MessagingService#startAtEnd}, with the commands a RocketMQ consumer
 * that consumes from the last offset sends: GET_TOPIC_CONFIG for the number of queues, then for each queue
 * QUERY_CONSUMER_OFFSET (without {@code setZeroIfNotFound}, which would answer 0 for a queue never trimmed) and,
 * where the group has no offset, GET_MAX_OFFSET and UPDATE_CONSUMER_OFFSET to it. A POP then starts there,
 * since it starts a group new to a queue at its committed offset.
 */
final class QueueEnds {

    private final CommandDispatcher broker;

    QueueEnds(CommandDispatcher broker) {
        this.broker = broker;
    }

    CompletableFuture<Void> startAtEnd(RequestContext context, String group, String topic) {
        return broker.call(context, AdminRequests.topicConfig(topic))
                .thenApply(BrokerRefusals::requireSuccess)
                .thenApply(AdminResponses::topicConfig)
                .thenCompose(config -> CompletableFuture.allOf(IntStream.range(0, config.readQueues())
                        .mapToObj(queueId -> startQueueAtEnd(context, group, topic, queueId))
                        .toArray(CompletableFuture[]::new)));
    }

    private CompletableFuture<Void> startQueueAtEnd(RequestContext context, String group, String topic, int queueId) {
        RemotingCommand query = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .extField("consumerGroup", group).extField("topic", topic).extField("queueId", queueId)
                .extField("setZeroIfNotFound", false)
                .build();
        return broker.call(context, query).thenCompose(answer -> {
            if (answer != null && answer.code() == ResponseCode.QUERY_NOT_FOUND) {
                return maxOffset(context, topic, queueId)
                        .thenCompose(end -> broker.call(context, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                                .extField("consumerGroup", group).extField("topic", topic).extField("queueId", queueId)
                                .extField("commitOffset", end)
                                .build()))
                        .thenAccept(BrokerRefusals::requireSuccess);
            }
            BrokerRefusals.requireSuccess(answer);
            return CompletableFuture.completedFuture(null);
        });
    }

    private CompletableFuture<Long> maxOffset(RequestContext context, String topic, int queueId) {
        return broker.call(context, RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                        .extField("topic", topic).extField("queueId", queueId).build())
                .thenApply(answer -> HeaderReader.of(BrokerRefusals.requireSuccess(answer)).requiredLong("offset"));
    }
}
