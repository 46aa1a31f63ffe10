package dev.wharf.broker.topic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.metadata.VersionedTable;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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

    private final VersionedTable<TopicConfig> topics;
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();

    public TopicRegistry(MetadataFile file, Clock clock) {
        this.topics = new VersionedTable<>(
                file, clock, "topicConfigTable", TopicConfig::topicName, TopicConfig::toJson, TopicConfig::fromJson);
    }

    /** Loads {@code topics.json}, if it was ever written. */
    public void load() {
        topics.load();
    }

    public Optional<TopicConfig> get(String topic) {
        return topics.get(topic);
    }

    /** Every topic, by name. */
    public List<TopicConfig> list() {
        return topics.list();
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
        requireNotReserved(config.topicName());
        topics.put(config);
        return config;
    }

    /**
     * The topic, created with {@code queues} queues when absent: for topics the broker derives itself
     * (retry, dead-letter, auto-created, its own system topics).
     */
    public TopicConfig ensure(String topic, int queues, TopicMessageType messageType) {
        return topics.ensure(topic, () -> TopicConfig.of(topic, queues, messageType));
    }

    /**
     * Deletes a topic and, through the deletion listeners, its messages' queues and offsets.
     *
     * @throws IllegalArgumentException for the broker's own topics
     */
    public boolean delete(String topic) {
        requireNotReserved(topic);
        boolean removed = topics.remove(topic);
        if (removed) {
            deletionListeners.forEach(listener -> listener.accept(topic));
        }
        return removed;
    }

    /** Called with the topic's name after each deletion. */
    public void addDeletionListener(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    /**
     * Called after each creation, change or deletion of a topic, the broker's own included, on the changing
     * thread: a listener only takes note, it never waits (see {@link VersionedTable#addChangeListener}).
     */
    public void addChangeListener(Runnable listener) {
        topics.addChangeListener(listener);
    }

    /** RocketMQ's {@code TopicConfigSerializeWrapper}: the table by name and its data version. */
    public ObjectNode toJson() {
        return topics.toJson();
    }

    private static void requireNotReserved(String topic) {
        if (TopicNames.isSystemTopic(topic)) {
            throw new IllegalArgumentException("the topic " + topic + " is reserved by the broker");
        }
    }
}
