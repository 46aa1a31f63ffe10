package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.kv.KvConfigTable;
import dev.wharf.broker.protocol.BrokerData;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.protocol.QueueData;
import dev.wharf.broker.protocol.TopicRouteData;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * GET_ROUTEINFO_BY_TOPIC (105), the NameServer's question, answered by the broker itself: one broker, its
 * queues, and the address to reach it. A group's {@code %RETRY%} topic is created on its first lookup
 * (consumers look it up before their first heartbeat would create it). A topic with an
 * {@code ORDER_TOPIC_CONFIG} entry in the key-value configuration gets it as {@code orderTopicConf}, as a
 * NameServer gives it.
 */
public final class TopicRouteProcessor implements RequestProcessor {

    private final BrokerConfig config;
    private final TopicRegistry topics;
    private final QueueAccess access;
    private final BrokerAddress address;
    private final KvConfigTable kvConfig;

    public TopicRouteProcessor(BrokerConfig config, TopicRegistry topics, QueueAccess access, BrokerAddress address,
            KvConfigTable kvConfig) {
        this.config = config;
        this.topics = topics;
        this.access = access;
        this.address = address;
        this.kvConfig = kvConfig;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        String name = HeaderReader.of(request).requiredString("topic");
        Optional<TopicConfig> topic = topics.get(name).or(() -> retryTopicOnFirstLookup(name));
        if (topic.isEmpty()) {
            return Replies.error(request, ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + name);
        }
        TopicConfig found = topic.get();
        TopicRouteData route = new TopicRouteData(
                List.of(BrokerData.master(config.clusterName(), config.brokerName(), address.advertisedTo(context))),
                Map.of(),
                List.of(new QueueData(config.brokerName(), found.perm(), found.readQueueNums(), found.topicSysFlag(),
                        found.writeQueueNums())),
                kvConfig.get(KvConfigTable.ORDER_TOPIC_CONFIG, name).orElse(null));
        return Replies.success(request, Json.write(route));
    }

    private Optional<TopicConfig> retryTopicOnFirstLookup(String name) {
        if (!TopicNames.isRetryTopic(name) || TopicNames.topicProblem(name).isPresent()) {
            return Optional.empty();
        }
        String group = TopicNames.groupOfRetryTopic(name);
        if (TopicNames.groupProblem(group).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(topics.ensure(name, access.group(group).retryQueueNums(), TopicMessageType.NORMAL));
    }
}
