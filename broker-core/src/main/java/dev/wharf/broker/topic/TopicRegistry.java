package dev.wharf.broker.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.DataVersion;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The broker's topics: what exists, with how many queues, which permission and message type. Reads are
 * lock-free (the send path looks a topic up on every message); every change is written to
 * {@code topics.json} before the call returns.
 *
 * <pre>{@code
 * TopicRegistry topics = broker.topics();
 * topics.create("orders", 8, TopicMessageType.FIFO);
 * topics.get("orders").map(TopicConfig::writeQueueNums);   // Optional[8]
 * topics.delete("orders");
 * }</pre>
 */
public final class TopicRegistry {

    private final MetadataFile file;
    private final Clock clock;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();
    private DataVersion version;

    public TopicRegistry(MetadataFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.version = new DataVersion(clock.millis(), 0);
    }

    /** Loads {@code topics.json}, if it was ever written. */
    public synchronized void load() {
        file.read().ifPresent(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            json.path("topicConfigTable").forEach(topic -> {
                TopicConfig config = TopicConfig.fromJson(topic);
                topics.put(config.topicName(), config);
            });
            version = DataVersion.fromJson(json.path("dataVersion"), clock.millis());
        });
    }

    public Optional<TopicConfig> get(String topic) {
        return Optional.ofNullable(topics.get(topic));
    }

    public boolean exists(String topic) {
        return topics.containsKey(topic);
    }

    /** Every topic, by name. */
    public List<TopicConfig> list() {
        return topics.values().stream().sorted(Comparator.comparing(TopicConfig::topicName)).toList();
    }

    /**
     * Creates a readable, writable topic, or changes an existing one to these queues and type (RocketMQ's
     * "update and create").
     *
     * @throws IllegalArgumentException naming the problem when the name, queue count or type is not allowed
     */
    public TopicConfig create(String topic, int queues, TopicMessageType messageType) {
        return put(TopicConfig.of(topic, queues, messageType));
    }

    /**
     * Creates or replaces a topic as given.
     *
     * @throws IllegalArgumentException naming the problem when the name is illegal or reserved
     */
    public TopicConfig put(TopicConfig config) {
        TopicNames.topicProblem(config.topicName()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (TopicNames.isSystemTopic(config.topicName())) {
            throw new IllegalArgumentException("the topic " + config.topicName() + " is reserved by the broker");
        }
        synchronized (this) {
            topics.put(config.topicName(), config);
            changed();
        }
        return config;
    }

    /**
     * The topic, created with {@code queues} queues when absent: for topics the broker derives itself
     * (retry, dead-letter, auto-created, its own system topics).
     */
    public TopicConfig ensure(String topic, int queues, TopicMessageType messageType) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            TopicConfig created = TopicConfig.of(topic, queues, messageType);
            topics.put(topic, created);
            changed();
            return created;
        }
    }

    /**
     * Deletes a topic and, through the deletion listeners, its messages' queues and offsets.
     *
     * @throws IllegalArgumentException for the broker's own topics
     */
    public boolean delete(String topic) {
        if (TopicNames.isSystemTopic(topic)) {
            throw new IllegalArgumentException("the topic " + topic + " is reserved by the broker and cannot be deleted");
        }
        boolean removed;
        synchronized (this) {
            removed = topics.remove(topic) != null;
            if (removed) {
                changed();
            }
        }
        if (removed) {
            deletionListeners.forEach(listener -> listener.accept(topic));
        }
        return removed;
    }

    /** Called with the topic's name after each deletion. */
    public void addDeletionListener(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    /** RocketMQ's {@code TopicConfigSerializeWrapper}: the table by name and its data version. */
    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.set("dataVersion", version.toJson());
        ObjectNode table = json.putObject("topicConfigTable");
        list().forEach(config -> table.set(config.topicName(), config.toJson()));
        return json;
    }

    private void changed() {
        version = version.next(clock.millis());
        file.write(Json.write(toJson()));
    }
}
