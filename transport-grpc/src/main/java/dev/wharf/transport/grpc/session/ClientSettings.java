package dev.wharf.transport.grpc.session;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.Settings;
import java.util.List;

/**
 * What a client last told about itself on its Telemetry stream: its type, and what it publishes or
 * subscribes to. Heartbeats and termination notices, which carry almost nothing, are read against it.
 *
 * @param settings the client's own settings, as it sent them
 * @param receivedAtMillis when they arrived; stands for the version of the subscriptions they carry
 */
public record ClientSettings(Settings settings, long receivedAtMillis) {

    public ClientType clientType() {
        return settings.getClientType();
    }

    /** The topics a producer publishes to; empty for a consumer. */
    public List<String> publishingTopics() {
        return settings.getPublishing().getTopicsList().stream().map(Resource::getName).toList();
    }

    /** The consumer group of a consumer; a blank name for a producer. */
    public Resource group() {
        return settings.getSubscription().getGroup();
    }
}
