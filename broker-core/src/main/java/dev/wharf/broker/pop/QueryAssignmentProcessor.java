package dev.wharf.broker.pop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.group.SubscriptionGroupRegistry;
import dev.wharf.broker.pop.MessageRequestModeTable.Mode;
import dev.wharf.broker.pop.MessageRequestModeTable.Setting;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.protocol.MessageQueue;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * QUERY_ASSIGNMENT (400) and SET_MESSAGE_REQUEST_MODE (401): server-side rebalancing. A consumer asks
 * which queues of a topic it should consume and how. In PULL mode (the default) each online consumer of
 * the group gets an average share of the queues, by sorted client id ({@code AVG}, or round robin for
 * {@code AVG_BY_CIRCLE}); broadcasting consumers get every queue. In POP mode every consumer pops every
 * queue through one assignment of queue -1, unless a {@code popShareQueueNum} n between 1 and the number
 * of other consumers makes each pop its own share plus the shares of the next n consumers — RocketMQ's
 * broker rules, so a 5.x push consumer with client rebalance off switches to popping.
 */
public final class QueryAssignmentProcessor implements RequestProcessor {

    private static final String CIRCLE = "AVG_BY_CIRCLE";

    private final TopicRegistry topics;
    private final SubscriptionGroupRegistry groups;
    private final ConsumerRegistry consumers;
    private final MessageRequestModeTable modes;
    private final String brokerName;

    QueryAssignmentProcessor(TopicRegistry topics, SubscriptionGroupRegistry groups, ConsumerRegistry consumers,
            MessageRequestModeTable modes, String brokerName) {
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.modes = modes;
        this.brokerName = brokerName;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return CompletableFuture.completedFuture(request.code() == RequestCode.SET_MESSAGE_REQUEST_MODE
                ? setMode(request)
                : queryAssignment(request));
    }

    private RemotingCommand queryAssignment(RemotingCommand request) {
        JsonNode body = Json.readTree(request.body(), "query assignment");
        String topicName = body.path("topic").asText();
        String group = body.path("consumerGroup").asText();
        String clientId = body.path("clientId").asText();
        Setting setting = modes.get(topicName, group).orElse(new Setting(Mode.PULL, 0));
        List<MessageQueue> assigned = topics.get(topicName)
                .map(topic -> assign(topic, group, clientId, body.path("strategyName").asText("AVG"),
                        "BROADCASTING".equals(body.path("messageModel").asText()), setting))
                .orElse(List.of());
        ObjectNode answer = Json.mapper().createObjectNode();
        ArrayNode list = answer.putArray("messageQueueAssignments");
        for (MessageQueue queue : assigned) {
            ObjectNode assignment = list.addObject();
            assignment.putObject("messageQueue")
                    .put("topic", queue.topic())
                    .put("brokerName", queue.brokerName())
                    .put("queueId", queue.queueId());
            assignment.put("mode", setting.mode().name());
            assignment.putObject("attachments");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(Json.write(answer)).build();
    }

    private List<MessageQueue> assign(TopicConfig topic, String group, String clientId, String strategy,
            boolean broadcasting, Setting setting) {
        List<MessageQueue> all = IntStream.range(0, topic.readQueueNums())
                .mapToObj(queueId -> new MessageQueue(topic.topicName(), brokerName, queueId))
                .toList();
        if (broadcasting) {
            return all;
        }
        List<String> clients = new ArrayList<>(consumers.consumerIds(group));
        if (!clients.contains(clientId)) {
            // Its heartbeat may not have landed yet; it is online since it asks.
            clients.add(clientId);
            clients.sort(null);
        }
        if (setting.mode() == Mode.POP) {
            int share = setting.popShareQueueNum();
            if (share <= 0 || share >= clients.size() - 1) {
                return List.of(new MessageQueue(topic.topicName(), brokerName, -1));
            }
            Set<MessageQueue> shared = new LinkedHashSet<>();
            int index = clients.indexOf(clientId);
            for (int i = 0; i <= share; i++) {
                shared.addAll(allocate(all, clients, (index + i) % clients.size(), strategy));
            }
            return List.copyOf(shared);
        }
        return allocate(all, clients, clients.indexOf(clientId), strategy);
    }

    /** RocketMQ's average allocation (contiguous shares) or its circle variant (every n-th queue). */
    static List<MessageQueue> allocate(List<MessageQueue> all, List<String> clients, int index, String strategy) {
        List<MessageQueue> mine = new ArrayList<>();
        int queues = all.size();
        int members = clients.size();
        if (CIRCLE.equals(strategy)) {
            for (int i = index; i < queues; i += members) {
                mine.add(all.get(i));
            }
            return mine;
        }
        int mod = queues % members;
        int size = queues <= members ? 1 : (mod > 0 && index < mod ? queues / members + 1 : queues / members);
        int start = mod > 0 && index < mod ? index * size : index * size + mod;
        int range = Math.min(size, queues - start);
        for (int i = 0; i < range; i++) {
            mine.add(all.get((start + i) % queues));
        }
        return mine;
    }

    private RemotingCommand setMode(RemotingCommand request) {
        JsonNode body = Json.readTree(request.body(), "set message request mode");
        String topic = body.path("topic").asText();
        String group = body.path("consumerGroup").asText();
        if (TopicNames.isRetryTopic(topic)) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION, "retry topic is not allowed to set mode");
        }
        if (topics.get(topic).isEmpty()) {
            throw new RemotingCommandException(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        if (groups.get(group).isEmpty()) {
            throw new RemotingCommandException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group " + group + " does not exist");
        }
        Mode mode;
        try {
            mode = MessageRequestModeTable.parseMode(body.path("mode").asText());
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "unknown message request mode '" + body.path("mode").asText() + "', expected PULL or POP");
        }
        modes.put(topic, group, new Setting(mode, body.path("popShareQueueNum").asInt(0)));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
    }
}
