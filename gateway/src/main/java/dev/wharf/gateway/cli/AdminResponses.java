package dev.wharf.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.transport.spi.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** Reads the JSON bodies of admin answers into what the CLI prints. */
final class AdminResponses {

    /**
     * One {@code {queue}:{offsets}} entry of a {@code ConsumeStats} body. RocketMQ writes that map with JSON
     * objects as keys, which no standard parser accepts; both objects are flat, so each is cut out and
     * parsed alone.
     */
    private static final Pattern QUEUE_ENTRY = Pattern.compile("(\\{[^{}]*})\\s*:\\s*(\\{[^{}]*})");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminResponses() {}

    /** A subscription group as {@code group list} shows it. */
    record GroupSummary(String name, int retryMaxTimes, boolean fifo) {}

    /** How far a group has consumed one queue. */
    record QueueProgress(String topic, String brokerName, int queueId, long brokerOffset, long consumerOffset) {
        long lag() {
            return Math.max(0, brokerOffset - consumerOffset);
        }
    }

    /** Topic names of a {@code TopicList} body, sorted. */
    static List<String> topicNames(RemotingCommand response) {
        JsonNode topics = tree(response).path("topicList");
        return StreamSupport.stream(topics.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }

    /** The groups of a {@code SubscriptionGroupWrapper} body, sorted by name. */
    static List<GroupSummary> groups(RemotingCommand response) {
        List<GroupSummary> groups = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : tree(response).path("subscriptionGroupTable").properties()) {
            JsonNode group = entry.getValue();
            groups.add(new GroupSummary(entry.getKey(), group.path("retryMaxTimes").asInt(),
                    group.path("consumeMessageOrderly").asBoolean()));
        }
        groups.sort(Comparator.comparing(GroupSummary::name));
        return groups;
    }

    /** The per-queue offsets of a {@code ConsumeStats} body, by topic and queue. */
    static List<QueueProgress> consumeProgress(RemotingCommand response) {
        List<QueueProgress> queues = new ArrayList<>();
        Matcher entry = QUEUE_ENTRY.matcher(new String(response.body(), StandardCharsets.UTF_8));
        while (entry.find()) {
            JsonNode queue = parse(entry.group(1));
            JsonNode offsets = parse(entry.group(2));
            queues.add(new QueueProgress(
                    queue.path("topic").asText(),
                    queue.path("brokerName").asText(),
                    queue.path("queueId").asInt(),
                    offsets.path("brokerOffset").asLong(),
                    offsets.path("consumerOffset").asLong()));
        }
        queues.sort(Comparator.comparing(QueueProgress::topic).thenComparingInt(QueueProgress::queueId));
        return queues;
    }

    private static JsonNode tree(RemotingCommand response) {
        return parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AdminException("the gateway's answer is not the JSON expected: " + e.getOriginalMessage());
        }
    }
}
