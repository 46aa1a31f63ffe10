package dev.wharf.messaging;

import dev.wharf.messaging.admin.Admin;
import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.messaging.admin.TopicType;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.concurrent.CompletableFuture;

/**
 * {@link dev.wharf.transport.spi.messaging.MessagingService#createTopicIfAbsent}: GET_TOPIC_CONFIG, and on
 * TOPIC_NOT_EXIST the UPDATE_AND_CREATE_TOPIC {@code mqadmin} sends for a normal topic. Two callers racing both
 * create it with the same settings, which the broker takes as one.
 */
final class TopicCreation {

    private final CommandDispatcher broker;

    TopicCreation(CommandDispatcher broker) {
        this.broker = broker;
    }

    /** @throws MessagingException BAD_REQUEST for a queue count outside 1..{@value Admin#MAX_QUEUES} */
    CompletableFuture<Void> createIfAbsent(RequestContext context, String topic, int queues) {
        if (queues < 1 || queues > Admin.MAX_QUEUES) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    "queues " + queues + " must be within 1.." + Admin.MAX_QUEUES);
        }
        return broker.call(context, AdminRequests.topicConfig(topic)).thenCompose(answer -> {
            if (answer != null && answer.code() == ResponseCode.TOPIC_NOT_EXIST) {
                return broker.call(context, AdminRequests.createTopic(topic, queues, TopicType.NORMAL.name()))
                        .thenAccept(BrokerRefusals::requireSuccess);
            }
            BrokerRefusals.requireSuccess(answer);
            return CompletableFuture.completedFuture(null);
        });
    }
}
