package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.client.ConsumerGroupView;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.protocol.MessageQueue;
import dev.wharf.broker.protocol.QueueKeyedJson;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets and lag for admin tools: GET_TOPIC_STATS_INFO (202, {@code TopicStatsTable}), GET_CONSUME_STATS
 * (208, {@code ConsumeStats}) and QUERY_TOPIC_CONSUME_BY_WHO (300, {@code GroupList}). The first two are
 * maps keyed by message queue, written with object keys as fastjson writes and reads them.
 */
public final class StatsProcessor implements RequestProcessor {

    private final BrokerConfig config;
    private final MessageStore store;
    private final TopicRegistry topics;
    private final ConsumerOffsetManager offsets;
    private final ConsumerRegistry consumers;

    public StatsProcessor(BrokerConfig config, MessageStore store, TopicRegistry topics,
            ConsumerOffsetManager offsets, ConsumerRegistry consumers) {
        this.config = config;
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
    }

    /** One queue of {@code TopicStatsTable}. */
    record TopicOffset(long lastUpdateTimestamp, long maxOffset, long minOffset) {}

    /** One queue of {@code ConsumeStats}. */
    record OffsetWrapper(long brokerOffset, long consumerOffset, long lastTimestamp, long pullOffset) {}

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        return switch (request.code()) {
            case RequestCode.GET_TOPIC_STATS_INFO -> Replies.success(request, topicStats(header.requiredString("topic")));
            case RequestCode.GET_CONSUME_STATS -> Replies.success(request,
                    consumeStats(header.requiredString("consumerGroup"), header.optionalString("topic")));
            default -> Replies.success(request, consumedBy(header.requiredString("topic")));
        };
    }

    private byte[] topicStats(String name) {
        TopicConfig topic = existing(name);
        Map<MessageQueue, TopicOffset> table = new LinkedHashMap<>();
        for (int queueId = 0; queueId < topic.writeQueueNums(); queueId++) {
            long max = store.maxOffset(name, queueId);
            table.put(queue(name, queueId), new TopicOffset(
                    max > 0 ? storeTime(name, queueId, max - 1) : 0, max, store.minOffset(name, queueId)));
        }
        return ("{\"offsetTable\":" + QueueKeyedJson.write(table) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] consumeStats(String group, String onlyTopic) {
        Set<String> names = new TreeSet<>();
        if (onlyTopic != null) {
            existing(onlyTopic);
            names.add(onlyTopic);
        } else {
            names.addAll(offsets.topicsOf(group));
            consumers.view(group).map(ConsumerGroupView::subscriptions).ifPresent(subs -> names.addAll(subs.keySet()));
        }
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        for (String name : names) {
            topics.get(name).ifPresent(topic -> {
                for (int queueId = 0; queueId < topic.writeQueueNums(); queueId++) {
                    long consumed = Math.max(0, offsets.query(group, name, queueId));
                    table.put(queue(name, queueId), new OffsetWrapper(store.maxOffset(name, queueId), consumed,
                            consumed > 0 ? storeTime(name, queueId, consumed - 1) : 0, consumed));
                }
            });
        }
        return ("{\"consumeTps\":0.0,\"offsetTable\":" + QueueKeyedJson.write(table) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] consumedBy(String topic) {
        Set<String> groups = new TreeSet<>(consumers.groupsSubscribing(topic));
        groups.addAll(offsets.groupsOf(topic));
        return Json.write(Map.of("groupList", groups));
    }

    private TopicConfig existing(String name) {
        return topics.get(name).orElseThrow(() -> new RemotingCommandException(
                ResponseCode.TOPIC_NOT_EXIST, "topic[" + name + "] not exist"));
    }

    private MessageQueue queue(String topic, int queueId) {
        return new MessageQueue(topic, config.brokerName(), queueId);
    }

    /** Store time of the message at a queue offset, 0 when it is gone. */
    private long storeTime(String topic, int queueId, long offset) {
        GetResult got = store.get(topic, queueId, offset, 1, MessageFilter.ALL);
        if (got.status() != GetResult.GetStatus.FOUND) {
            return 0;
        }
        return StoredMessageCodec.decode(ByteBuffer.wrap(got.records())).storeTimestamp();
    }
}
