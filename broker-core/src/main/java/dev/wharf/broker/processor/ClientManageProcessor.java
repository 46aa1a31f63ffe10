package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerVersion;
import dev.wharf.broker.client.ConsumerData;
import dev.wharf.broker.client.ConsumerMember;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.client.HeartbeatData;
import dev.wharf.broker.client.ProducerRegistry;
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
 * HEART_BEAT (34) and UNREGISTER_CLIENT (35): producer and consumer group membership. A heartbeat registers
 * the connection in its producer groups (transaction check-backs go to them), creates each consumer group and
 * its {@code %RETRY%} topic on first sight and registers the connection with its subscriptions; the answer
 * carries this broker's version and no heartbeat-v2 fields, so clients keep sending full heartbeats.
 */
public final class ClientManageProcessor implements RequestProcessor {

    private final TopicRegistry topics;
    private final QueueAccess access;
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final Clock clock;

    public ClientManageProcessor(TopicRegistry topics, QueueAccess access, ConsumerRegistry consumers,
            ProducerRegistry producers, Clock clock) {
        this.topics = topics;
        this.access = access;
        this.consumers = consumers;
        this.producers = producers;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.UNREGISTER_CLIENT) {
            HeaderReader header = HeaderReader.of(request);
            String group = header.optionalString("consumerGroup");
            if (group != null) {
                consumers.unregister(group, context.connection());
            }
            String producerGroup = header.optionalString("producerGroup");
            if (producerGroup != null) {
                producers.unregister(producerGroup, context.connection());
            }
            return Replies.success(request);
        }
        HeartbeatData heartbeat = Json.read(request.body(), HeartbeatData.class, "HeartbeatData");
        if (heartbeat.clientID() == null || heartbeat.clientID().isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the heartbeat names no clientID");
        }
        ConsumerMember member = new ConsumerMember(context.connection(), heartbeat.clientID(), request.language(),
                request.version(), clock.millis());
        for (HeartbeatData.ProducerData producer : heartbeat.producerDataSet()) {
            if (producer.groupName() != null) {
                producers.register(producer.groupName(), context.connection(), heartbeat.clientID());
            }
        }
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
