package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerVersion;
import dev.wharf.broker.client.ConsumerData;
import dev.wharf.broker.client.ConsumerMember;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.client.HeartbeatData;
import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * HEART_BEAT (34) and UNREGISTER_CLIENT (35): consumer group membership. A heartbeat creates the group and
 * its {@code %RETRY%} topic on first sight and registers the connection with its subscriptions; the answer
 * carries this broker's version and no heartbeat-v2 fields, so clients keep sending full heartbeats.
 */
public final class ClientManageProcessor implements RequestProcessor {

    private final TopicRegistry topics;
    private final QueueAccess access;
    private final ConsumerRegistry consumers;
    private final Clock clock;

    public ClientManageProcessor(TopicRegistry topics, QueueAccess access, ConsumerRegistry consumers, Clock clock) {
        this.topics = topics;
        this.access = access;
        this.consumers = consumers;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.UNREGISTER_CLIENT) {
            String group = HeaderReader.of(request).optionalString("consumerGroup");
            if (group != null) {
                consumers.unregister(group, context.connection());
            }
            return Replies.success(request);
        }
        HeartbeatData heartbeat = Json.read(request.body(), HeartbeatData.class, "HeartbeatData");
        if (heartbeat.clientID() == null || heartbeat.clientID().isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the heartbeat names no clientID");
        }
        ConsumerMember member = new ConsumerMember(context.connection(), heartbeat.clientID(), request.language(),
                request.version(), clock.millis());
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            SubscriptionGroupConfig group = access.group(consumer.groupName());
            topics.ensure(TopicNames.retryTopic(group.groupName()), group.retryQueueNums(), TopicMessageType.NORMAL);
            consumers.register(member, consumer);
        }
        return Replies.completed(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .version(BrokerVersion.ORDINAL)
                .build());
    }
}
