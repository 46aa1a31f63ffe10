package dev.wharf.broker.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.protocol.Json;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A table of named metadata (topics, groups) kept in one file in RocketMQ's wrapper shape,
 * {@code {"dataVersion":{…},"<table>":{"<name>":{…}}}}, which is also what admin tools are sent. Reads are
 * lock-free; every change bumps the data version and is written before the call returns.
 *
 * <pre>{@code
 * VersionedTable<TopicConfig> topics = new VersionedTable<>(file, clock, "topicConfigTable",
 *         TopicConfig::topicName, TopicConfig::toJson, TopicConfig::fromJson);
 * topics.ensure("orders", () -> TopicConfig.of("orders", 4, TopicMessageType.NORMAL));
 * }</pre>
 *
 * @param <V> the value type
 */
public final class VersionedTable<V> {

    private final MetadataFile file;
    private final Clock clock;
    private final String tableField;
    private final Function<V, String> nameOf;
    private final Function<V, ObjectNode> writer;
    private final Function<JsonNode, V> reader;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private DataVersion version;

    public VersionedTable(MetadataFile file, Clock clock, String tableField, Function<V, String> nameOf,
            Function<V, ObjectNode> writer, Function<JsonNode, V> reader) {
        this.file = file;
        this.clock = clock;
        this.tableField = tableField;
        this.nameOf = nameOf;
        this.writer = writer;
        this.reader = reader;
        this.version = new DataVersion(clock.millis(), 0);
    }

    /** Loads the file, if it was ever written. */
    public synchronized void load() {
        file.read().ifPresent(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            json.path(tableField).forEach(entry -> {
                V value = reader.apply(entry);
                values.put(nameOf.apply(value), value);
            });
            version = DataVersion.fromJson(json.path("dataVersion"), clock.millis());
        });
    }

    public Optional<V> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Every value, by name. */
    public List<V> list() {
        return values.values().stream().sorted(Comparator.comparing(nameOf)).toList();
    }

    /** Adds or replaces a value. */
    public synchronized void put(V value) {
        values.put(nameOf.apply(value), value);
        changed();
    }

    /** The value named {@code name}, made by {@code factory} and written when absent. */
    public V ensure(String name, Supplier<V> factory) {
        V existing = values.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = values.get(name);
            if (existing != null) {
                return existing;
            }
            V created = factory.get();
            values.put(name, created);
            changed();
            return created;
        }
    }

    /** Removes a value; whether there was one. */
    public synchronized boolean remove(String name) {
        boolean removed = values.remove(name) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    /** The wrapper JSON: the table by name and its data version. */
    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.set("dataVersion", version.toJson());
        ObjectNode table = json.putObject(tableField);
        list().forEach(value -> table.set(nameOf.apply(value), writer.apply(value)));
        return json;
    }

    /**
     * Called after each change is written, on the changing thread and while the table is locked: a listener
     * only takes note (schedules work), it never waits.
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        version = version.next(clock.millis());
        file.write(Json.write(toJson()));
        changeListeners.forEach(Runnable::run);
    }
}
