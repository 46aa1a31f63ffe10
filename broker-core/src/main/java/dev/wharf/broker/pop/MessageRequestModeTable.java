package dev.wharf.broker.pop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How each (topic, group) consumes — {@link Mode#PULL} (the default) or {@link Mode#POP} — as
 * SET_MESSAGE_REQUEST_MODE (401) sets it, kept in {@code messageRequestMode.json} in RocketMQ's
 * {@code {"messageRequestModeMap":{topic:{group:{…}}}}} shape and written on every change.
 */
public final class MessageRequestModeTable {

    /** RocketMQ's {@code MessageRequestMode}. */
    public enum Mode { PULL, POP }

    /**
     * One setting.
     *
     * @param mode how the group consumes the topic
     * @param popShareQueueNum in POP mode, how many other consumers' queues each consumer pops too; 0 or
     *     less: every consumer pops every queue
     */
    public record Setting(Mode mode, int popShareQueueNum) {}

    private final MetadataFile file;
    private final Map<String, Map<String, Setting>> byTopic = new TreeMap<>();

    public MessageRequestModeTable(MetadataFile file) {
        this.file = file;
    }

    public synchronized void load() {
        file.read().ifPresent(content -> Json.readFile(content, file.path().toString()).path("messageRequestModeMap")
                .fields().forEachRemaining(topic -> topic.getValue().fields().forEachRemaining(group ->
                        byTopic.computeIfAbsent(topic.getKey(), ignored -> new TreeMap<>())
                                .put(group.getKey(), fromJson(group.getValue())))));
    }

    public synchronized Optional<Setting> get(String topic, String group) {
        return Optional.ofNullable(byTopic.getOrDefault(topic, Map.of()).get(group));
    }

    public synchronized void put(String topic, String group, Setting setting) {
        byTopic.computeIfAbsent(topic, ignored -> new TreeMap<>()).put(group, setting);
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode map = root.putObject("messageRequestModeMap");
        byTopic.forEach((topicName, groups) -> {
            ObjectNode perGroup = map.putObject(topicName);
            groups.forEach((groupName, value) -> perGroup.putObject(groupName)
                    .put("topic", topicName)
                    .put("consumerGroup", groupName)
                    .put("mode", value.mode().name())
                    .put("popShareQueueNum", value.popShareQueueNum()));
        });
        file.write(Json.write(root));
    }

    static Mode parseMode(String text) {
        return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    private static Setting fromJson(JsonNode json) {
        return new Setting(parseMode(json.path("mode").asText("PULL")), json.path("popShareQueueNum").asInt(0));
    }
}
