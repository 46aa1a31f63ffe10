package dev.wharf.broker.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.DataVersion;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.topic.TopicNames;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's consumer groups. A group a client uses is created on first use with the defaults (as
 * RocketMQ's {@code autoCreateSubscriptionGroup}); admins create, change and delete them explicitly.
 * Every change is written to {@code subscriptionGroups.json} before the call returns.
 *
 * <pre>{@code
 * SubscriptionGroupRegistry groups = broker.groups();
 * groups.create("billing");
 * groups.list();            // [SubscriptionGroupConfig[groupName=billing, ...]]
 * groups.delete("billing");
 * }</pre>
 */
public final class SubscriptionGroupRegistry {

    private final MetadataFile file;
    private final Clock clock;
    private final int defaultRetryMaxTimes;
    private final Map<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    private DataVersion version;

    public SubscriptionGroupRegistry(MetadataFile file, Clock clock, int defaultRetryMaxTimes) {
        this.file = file;
        this.clock = clock;
        this.defaultRetryMaxTimes = defaultRetryMaxTimes;
        this.version = new DataVersion(clock.millis(), 0);
    }

    /** Loads {@code subscriptionGroups.json}, if it was ever written. */
    public synchronized void load() {
        file.read().ifPresent(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            json.path("subscriptionGroupTable").forEach(group -> {
                SubscriptionGroupConfig config = SubscriptionGroupConfig.fromJson(group, defaultRetryMaxTimes);
                groups.put(config.groupName(), config);
            });
            version = DataVersion.fromJson(json.path("dataVersion"), clock.millis());
        });
    }

    public Optional<SubscriptionGroupConfig> get(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    /** Every group, by name. */
    public List<SubscriptionGroupConfig> list() {
        return groups.values().stream().sorted(Comparator.comparing(SubscriptionGroupConfig::groupName)).toList();
    }

    /**
     * Creates a group with the defaults, or returns the existing one.
     *
     * @throws IllegalArgumentException naming the problem when the name is illegal
     */
    public SubscriptionGroupConfig create(String group) {
        requireLegal(group);
        return ensure(group);
    }

    /**
     * Creates or replaces a group as given.
     *
     * @throws IllegalArgumentException naming the problem when the name is illegal
     */
    public SubscriptionGroupConfig put(SubscriptionGroupConfig config) {
        requireLegal(config.groupName());
        synchronized (this) {
            groups.put(config.groupName(), config);
            changed();
        }
        return config;
    }

    /** The group, created with the defaults when a client uses it for the first time. */
    public SubscriptionGroupConfig ensure(String group) {
        SubscriptionGroupConfig existing = groups.get(group);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = groups.get(group);
            if (existing != null) {
                return existing;
            }
            SubscriptionGroupConfig created = SubscriptionGroupConfig.defaults(group, defaultRetryMaxTimes);
            groups.put(group, created);
            changed();
            return created;
        }
    }

    /** Deletes a group's settings; its committed offsets stay unless dropped separately, as in RocketMQ. */
    public synchronized boolean delete(String group) {
        boolean removed = groups.remove(group) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    /** RocketMQ's {@code SubscriptionGroupWrapper}: the table by name and its data version. */
    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.set("dataVersion", version.toJson());
        ObjectNode table = json.putObject("subscriptionGroupTable");
        list().forEach(config -> table.set(config.groupName(), config.toJson()));
        return json;
    }

    private static void requireLegal(String group) {
        TopicNames.groupProblem(group).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    private void changed() {
        version = version.next(clock.millis());
        file.write(Json.write(toJson()));
    }
}
