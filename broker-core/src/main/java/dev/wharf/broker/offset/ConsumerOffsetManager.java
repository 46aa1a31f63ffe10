package dev.wharf.broker.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Committed consumer offsets per (group, topic, queue). Commits land in memory; {@link #flush()} writes
 * {@code consumerOffsets.json} (RocketMQ's {@code {"offsetTable":{"topic@group":{"0":12}}}} shape) when
 * something changed — the broker calls it periodically and on close.
 *
 * <pre>{@code
 * offsets.commit("billing", "orders", 0, 42);
 * offsets.query("billing", "orders", 0);   // 42, or -1 when never committed
 * }</pre>
 */
public final class ConsumerOffsetManager {

    /** What {@link #query} answers for a queue with no committed offset. */
    public static final long NONE = -1;
    private static final char SEPARATOR = '@';

    private final MetadataFile file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> table = new ConcurrentHashMap<>();

    public ConsumerOffsetManager(MetadataFile file) {
        this.file = file;
    }

    /** Loads {@code consumerOffsets.json}, if it was ever written. */
    public void load() {
        file.read().ifPresent(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            json.path("offsetTable").fields().forEachRemaining(entry -> {
                ConcurrentMap<Integer, Long> queues = new ConcurrentHashMap<>();
                entry.getValue().fields().forEachRemaining(queue ->
                        queues.put(Integer.parseInt(queue.getKey()), queue.getValue().asLong()));
                table.put(entry.getKey(), queues);
            });
        });
    }

    public void commit(String group, String topic, int queueId, long offset) {
        table.computeIfAbsent(key(topic, group), ignored -> new ConcurrentHashMap<>()).put(queueId, offset);
        file.markChanged();
    }

    /** The committed offset, or {@link #NONE}. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = table.get(key(topic, group));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? NONE : offset;
    }

    /** Topics the group has committed offsets for. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        table.keySet().forEach(key -> {
            int at = key.lastIndexOf(SEPARATOR);
            if (key.substring(at + 1).equals(group)) {
                topics.add(key.substring(0, at));
            }
        });
        return topics;
    }

    /** Groups that have committed offsets for the topic. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        table.keySet().forEach(key -> {
            int at = key.lastIndexOf(SEPARATOR);
            if (key.substring(0, at).equals(topic)) {
                groups.add(key.substring(at + 1));
            }
        });
        return groups;
    }

    /** Forgets every offset of a group. */
    public void removeGroup(String group) {
        if (table.keySet().removeIf(key -> key.substring(key.lastIndexOf(SEPARATOR) + 1).equals(group))) {
            file.markChanged();
        }
    }

    /** Forgets every offset of a topic. */
    public void removeTopic(String topic) {
        if (table.keySet().removeIf(key -> key.substring(0, key.lastIndexOf(SEPARATOR)).equals(topic))) {
            file.markChanged();
        }
    }

    /** Writes the offsets if any changed since the last write. */
    public void flush() {
        file.writeIfChanged(() -> Json.write(toJson()));
    }

    private ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        ObjectNode offsets = json.putObject("offsetTable");
        new TreeMap<>(table).forEach((key, queues) -> {
            ObjectNode byQueue = offsets.putObject(key);
            new TreeMap<>(queues).forEach((queueId, offset) -> byQueue.put(Integer.toString(queueId), offset));
        });
        return json;
    }

    private static String key(String topic, String group) {
        return topic + SEPARATOR + group;
    }
}
