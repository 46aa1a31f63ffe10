package dev.wharf.broker.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NameServer's key-value configuration: string values under a key inside a namespace, kept in
 * {@code kvConfig.json} in RocketMQ's shape, {@code {"configTable":{"<namespace>":{"<key>":"<value>"}}}}.
 * Admin tools keep a topic's queue layout for ordered messages under {@link #ORDER_TOPIC_CONFIG}, and
 * delete it with the topic.
 *
 * <p>Reads are lock-free (the route lookup reads on every call); every change replaces the namespace's
 * map and is written before the call returns. A namespace whose last key is deleted is gone.
 *
 * <pre>{@code
 * KvConfigTable kv = new KvConfigTable(new MetadataFile(configDir.resolve("kvConfig.json")));
 * kv.load();
 * kv.put(KvConfigTable.ORDER_TOPIC_CONFIG, "orders", "broker-a:8");
 * kv.get(KvConfigTable.ORDER_TOPIC_CONFIG, "orders");   // Optional[broker-a:8]
 * }</pre>
 */
public final class KvConfigTable {

    /** The namespace of ordered topics' queue layouts ({@code brokerName:queues;...}), RocketMQ's name for it. */
    public static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";
    private static final String TABLE_FIELD = "configTable";

    private final MetadataFile file;
    private final Map<String, Map<String, String>> namespaces = new ConcurrentHashMap<>();

    public KvConfigTable(MetadataFile file) {
        this.file = file;
    }

    /** Loads {@code kvConfig.json}, if it was ever written. */
    public synchronized void load() {
        file.read().ifPresent(content -> Json.readFile(content, file.path().toString()).path(TABLE_FIELD).fields()
                .forEachRemaining(namespace -> {
                    Map<String, String> values = new TreeMap<>();
                    namespace.getValue().fields().forEachRemaining(entry -> values.put(entry.getKey(), text(entry.getValue())));
                    if (!values.isEmpty()) {
                        namespaces.put(namespace.getKey(), Map.copyOf(values));
                    }
                }));
    }

    /** The value of a key, or empty when the namespace or the key is absent. */
    public Optional<String> get(String namespace, String key) {
        return Optional.ofNullable(namespace(namespace).get(key));
    }

    /** Every key and value of a namespace; empty when it has none. */
    public Map<String, String> namespace(String namespace) {
        return namespaces.getOrDefault(namespace, Map.of());
    }

    /** Sets a key's value, replacing any earlier one. */
    public synchronized void put(String namespace, String key, String value) {
        Map<String, String> values = new TreeMap<>(namespace(namespace));
        values.put(key, value);
        namespaces.put(namespace, Map.copyOf(values));
        write();
    }

    /** Removes a key; whether it was there. */
    public synchronized boolean delete(String namespace, String key) {
        Map<String, String> values = new TreeMap<>(namespace(namespace));
        if (values.remove(key) == null) {
            return false;
        }
        if (values.isEmpty()) {
            namespaces.remove(namespace);
        } else {
            namespaces.put(namespace, Map.copyOf(values));
        }
        write();
        return true;
    }

    private void write() {
        ObjectNode json = Json.mapper().createObjectNode();
        ObjectNode table = json.putObject(TABLE_FIELD);
        new TreeMap<>(namespaces).forEach((namespace, values) -> {
            ObjectNode byKey = table.putObject(namespace);
            new TreeMap<>(values).forEach(byKey::put);
        });
        file.write(Json.write(json));
    }

    /** A value as text; a hand-edited file may hold numbers or booleans. */
    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
