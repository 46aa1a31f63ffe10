package dev.wharf.messaging.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Reads the JSON bodies of the broker's admin answers. An answer that is not the JSON expected fails with
 * INTERNAL_SERVER_ERROR naming the problem.
 */
public final class AdminResponses {

    /**
     * One {@code {queue}:{value}} entry of a queue-keyed table ({@code ConsumeStats}, {@code TopicStatsTable}).
     * RocketMQ writes those maps with JSON objects as keys, which no standard parser accepts; both objects
     * are flat, so each is cut out and parsed alone.
     */
    private static final Pattern QUEUE_ENTRY = Pattern.compile("(\\{[^{}]*})\\s*:\\s*(\\{[^{}]*})");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminResponses() {}

    /** Topic names of a {@code TopicList} body, sorted. */
    public static List<String> topicNames(RemotingCommand response) {
        JsonNode topics = tree(response).path("topicList");
        return StreamSupport.stream(topics.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }

    /** The groups of a {@code SubscriptionGroupWrapper} body, sorted by name. */
    public static List<GroupSummary> groups(RemotingCommand response) {
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
    public static List<QueueProgress> consumeProgress(RemotingCommand response) {
        List<QueueProgress> queues = new ArrayList<>();
        Matcher entry = QUEUE_ENTRY.matcher(text(response));
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

    /** The name, type and queue counts of a {@code TopicConfig} body. */
    public static TopicDescription topicConfig(RemotingCommand response) {
        JsonNode config = tree(response);
        return new TopicDescription(
                config.path("topicName").asText(),
                config.path("attributes").path("message.type").asText(TopicType.NORMAL.name()),
                config.path("readQueueNums").asInt(),
                config.path("writeQueueNums").asInt(),
                List.of());
    }

    /** The min and max offset of each queue of a {@code TopicStatsTable} body, by queue. */
    public static List<QueueOffsets> topicOffsets(RemotingCommand response) {
        List<QueueOffsets> queues = new ArrayList<>();
        Matcher entry = QUEUE_ENTRY.matcher(text(response));
        while (entry.find()) {
            JsonNode queue = parse(entry.group(1));
            JsonNode offsets = parse(entry.group(2));
            queues.add(new QueueOffsets(queue.path("queueId").asInt(), offsets.path("minOffset").asLong(),
                    offsets.path("maxOffset").asLong(), offsets.path("lastUpdateTimestamp").asLong()));
        }
        queues.sort(Comparator.comparingInt(QueueOffsets::queueId));
        return queues;
    }

    private static String text(RemotingCommand response) {
        return response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(RemotingCommand response) {
        return parse(text(response));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "the broker's answer is not the JSON expected: " + e.getOriginalMessage());
        }
    }
}
