package dev.wharf.broker.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.metadata.VersionedTable;
import dev.wharf.broker.topic.TopicNames;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

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

    private final VersionedTable<SubscriptionGroupConfig> groups;
    private final int defaultRetryMaxTimes;

    public SubscriptionGroupRegistry(MetadataFile file, Clock clock, int defaultRetryMaxTimes) {
        this.defaultRetryMaxTimes = defaultRetryMaxTimes;
        this.groups = new VersionedTable<>(file, clock, "subscriptionGroupTable", SubscriptionGroupConfig::groupName,
                SubscriptionGroupConfig::toJson, json -> SubscriptionGroupConfig.fromJson(json, defaultRetryMaxTimes));
    }

    /** Loads {@code subscriptionGroups.json}, if it was ever written. */
    public void load() {
        groups.load();
    }

    public Optional<SubscriptionGroupConfig> get(String group) {
        return groups.get(group);
    }

    /** Every group, by name. */
    public List<SubscriptionGroupConfig> list() {
        return groups.list();
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
        groups.put(config);
        return config;
    }

    /** The group, created with the defaults when a client uses it for the first time. */
    public SubscriptionGroupConfig ensure(String group) {
        return groups.ensure(group, () -> SubscriptionGroupConfig.defaults(group, defaultRetryMaxTimes));
    }

    /** Deletes a group's settings; its committed offsets stay unless dropped separately, as in RocketMQ. */
    public boolean delete(String group) {
        return groups.remove(group);
    }

    /** RocketMQ's {@code SubscriptionGroupWrapper}: the table by name and its data version. */
    public ObjectNode toJson() {
        return groups.toJson();
    }

    private static void requireLegal(String group) {
        TopicNames.groupProblem(group).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }
}
