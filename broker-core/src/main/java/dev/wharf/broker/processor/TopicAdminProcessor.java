package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.topic.Perm;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Topic administration as {@code mqadmin} (DefaultMQAdminExt) sends it: UPDATE_AND_CREATE_TOPIC (17),
 * DELETE_TOPIC_IN_BROKER (215), DELETE_TOPIC_IN_NAMESRV (216), GET_ALL_TOPIC_CONFIG (21),
 * GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206), GET_TOPICS_BY_CLUSTER (224) and GET_TOPIC_CONFIG (351).
 *
 * <p>GET_TOPIC_CONFIG answers RocketMQ's {@code TopicConfigAndQueueMapping}: the topic's config without a
 * {@code mappingDetail}, since no topic here is a static (logical-queue) topic. {@code examineTopicStats}
 * asks it of every broker in the route, and reads TOPIC_NOT_EXIST as "not on this broker".
 */
public final class TopicAdminProcessor implements RequestProcessor {

    private static final String ADD_ATTRIBUTE = "+";
    private static final String DELETE_ATTRIBUTE = "-";

    private final BrokerConfig config;
    private final TopicRegistry topics;

    public TopicAdminProcessor(BrokerConfig config, TopicRegistry topics) {
        this.config = config;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createOrUpdate(request, header);
            case RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.DELETE_TOPIC_IN_NAMESRV -> delete(request, header);
            case RequestCode.GET_ALL_TOPIC_CONFIG -> Replies.success(request, Json.write(topics.toJson()));
            case RequestCode.GET_TOPIC_CONFIG -> topicConfig(request, header.requiredString("topic"));
            case RequestCode.GET_TOPICS_BY_CLUSTER -> Replies.success(request, topicList(
                    config.clusterName().equals(header.requiredString("cluster"))
                            ? topics.list().stream().map(TopicConfig::topicName).toList()
                            : List.of()));
            default -> Replies.success(request, topicList(topics.list().stream().map(TopicConfig::topicName).toList()));
        };
    }

    private CompletableFuture<RemotingCommand> createOrUpdate(RemotingCommand request, HeaderReader header) {
        String name = header.requiredString("topic");
        TopicMessageType type = messageType(header.optionalString("attributes"))
                .orElse(topics.get(name).map(TopicConfig::messageType).orElse(TopicMessageType.NORMAL));
        try {
            topics.put(new TopicConfig(
                    name,
                    header.requiredInt("readQueueNums"),
                    header.requiredInt("writeQueueNums"),
                    header.optionalInt("perm", Perm.READ_WRITE),
                    type,
                    header.optionalInt("topicSysFlag", 0),
                    header.optionalBoolean("order", false)));
        } catch (IllegalArgumentException refused) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, refused.getMessage());
        }
        return Replies.success(request);
    }

    /**
     * The message type among RocketMQ's topic attributes ({@code +message.type=FIFO,+other=x}). Only the
     * message type is supported; any other attribute is refused by name.
     */
    private static Optional<TopicMessageType> messageType(String attributes) {
        Optional<TopicMessageType> type = Optional.empty();
        if (attributes == null || attributes.isBlank()) {
            return type;
        }
        for (String attribute : attributes.split(",")) {
            String entry = attribute.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (!entry.startsWith(ADD_ATTRIBUTE) && !entry.startsWith(DELETE_ATTRIBUTE)) {
                throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                        "topic attribute '" + entry + "' must start with + (set) or - (remove)");
            }
            int equals = entry.indexOf('=');
            String key = (equals < 0 ? entry.substring(1) : entry.substring(1, equals)).trim();
            if (!TopicMessageType.ATTRIBUTE.equals(key)) {
                throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                        "unsupported topic attribute '" + key + "'; only " + TopicMessageType.ATTRIBUTE + " is");
            }
            if (entry.startsWith(DELETE_ATTRIBUTE)) {
                type = Optional.of(TopicMessageType.NORMAL);
            } else if (equals < 0) {
                throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                        "topic attribute '" + entry + "' has no value");
            } else {
                try {
                    type = Optional.of(TopicMessageType.parse(entry.substring(equals + 1)));
                } catch (IllegalArgumentException unknown) {
                    throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, unknown.getMessage());
                }
            }
        }
        return type;
    }

    private CompletableFuture<RemotingCommand> topicConfig(RemotingCommand request, String name) {
        return topics.get(name)
                .map(topic -> Replies.success(request, Json.write(topic.toJson())))
                .orElseGet(() -> Replies.error(request, ResponseCode.TOPIC_NOT_EXIST,
                        "No topic in this broker. topic: " + name));
    }

    private CompletableFuture<RemotingCommand> delete(RemotingCommand request, HeaderReader header) {
        try {
            topics.delete(header.requiredString("topic"));
        } catch (IllegalArgumentException refused) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, refused.getMessage());
        }
        return Replies.success(request);
    }

    private static byte[] topicList(List<String> names) {
        return Json.write(Map.of("topicList", names));
    }
}
