package dev.wharf.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link dev.wharf.transport.spi.messaging.MessagingService#startAtEnd}, with the commands a RocketMQ consumer
 * that consumes from the last offset sends: GET_ROUTEINFO_BY_TOPIC for the readable queues of each broker, then
 * for each queue, naming its broker ({@code bname}), QUERY_CONSUMER_OFFSET (without {@code setZeroIfNotFound},
 * which would answer 0 for a queue never trimmed) and, where the group has no offset, GET_MAX_OFFSET and
 * UPDATE_CONSUMER_OFFSET to it. A POP then starts there, since it starts a group new to a queue at its
 * committed offset. In Local mode the route names the one broker; in Cluster mode every broker of the topic.
 */
final class QueueEnds {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** RocketMQ's read permission bit of a queueData. */
    private static final int PERM_READ = 0x4;

    /** One queue of the topic on one broker. */
    private record BrokerQueue(String brokerName, int queueId) {}

    private final CommandDispatcher broker;

    QueueEnds(CommandDispatcher broker) {
        this.broker = broker;
    }

    CompletableFuture<Void> startAtEnd(RequestContext context, String group, String topic) {
        RemotingCommand route = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", topic)
                .build();
        return broker.call(context, route)
                .thenApply(BrokerRefusals::requireSuccess)
                .thenApply(answer -> readableQueues(topic, answer.body()))
                .thenCompose(queues -> CompletableFuture.allOf(queues.stream()
                        .map(queue -> startQueueAtEnd(context, group, topic, queue))
                        .toArray(CompletableFuture[]::new)));
    }

    private static List<BrokerQueue> readableQueues(String topic, byte[] routeJson) {
        JsonNode route;
        try {
            route = routeJson == null ? null : JSON.readTree(routeJson);
        } catch (IOException e) {
            route = null;
        }
        if (route == null || !route.path("queueDatas").isArray()) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "the route of topic " + topic + " is unreadable: it has no queueDatas");
        }
        List<BrokerQueue> queues = new ArrayList<>();
        for (JsonNode queueData : route.path("queueDatas")) {
            if ((queueData.path("perm").asInt(PERM_READ) & PERM_READ) == 0) {
                continue;
            }
            String brokerName = queueData.path("brokerName").asText("");
            for (int queueId = 0; queueId < queueData.path("readQueueNums").asInt(); queueId++) {
                queues.add(new BrokerQueue(brokerName, queueId));
            }
        }
        return queues;
    }

    private CompletableFuture<Void> startQueueAtEnd(RequestContext context, String group, String topic,
            BrokerQueue queue) {
        RemotingCommand query = aboutQueue(RequestCode.QUERY_CONSUMER_OFFSET, topic, queue)
                .extField("consumerGroup", group)
                .extField("setZeroIfNotFound", false)
                .build();
        return broker.call(context, query).thenCompose(answer -> {
            if (answer != null && answer.code() == ResponseCode.QUERY_NOT_FOUND) {
                return maxOffset(context, topic, queue)
                        .thenCompose(end -> broker.call(context, aboutQueue(RequestCode.UPDATE_CONSUMER_OFFSET, topic, queue)
                                .extField("consumerGroup", group)
                                .extField("commitOffset", end)
                                .build()))
                        .thenAccept(BrokerRefusals::requireSuccess);
            }
            BrokerRefusals.requireSuccess(answer);
            return CompletableFuture.completedFuture(null);
        });
    }

    private CompletableFuture<Long> maxOffset(RequestContext context, String topic, BrokerQueue queue) {
        return broker.call(context, aboutQueue(RequestCode.GET_MAX_OFFSET, topic, queue).build())
                .thenApply(answer -> HeaderReader.of(BrokerRefusals.requireSuccess(answer)).requiredLong("offset"));
    }

    private static RemotingCommand.Builder aboutQueue(int code, String topic, BrokerQueue queue) {
        return RemotingCommand.request(code)
                .extField("topic", topic)
                .extField("queueId", queue.queueId())
                .extField("bname", queue.brokerName().isEmpty() ? null : queue.brokerName());
    }
}
