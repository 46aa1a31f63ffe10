package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.v5.ApacheClusterAdmin;

/**
 * New, uniquely named topics and consumer groups on every broker of a cluster, as {@link Fresh} makes them on one
 * server: the SDK learns a topic's route and message type before it sends, and a group's receives start at the
 * queues' beginnings.
 */
public final class FreshOnCluster {

    private static final int QUEUES_PER_BROKER = 4;

    private FreshOnCluster() {}

    /** A topic of {@code messageType} (NORMAL, FIFO, DELAY, TRANSACTION) with 4 queues on every broker. */
    public static String topic(ApacheClusterAdmin admin, String messageType) throws Exception {
        String topic = Names.unique("Cluster" + messageType.charAt(0) + messageType.substring(1).toLowerCase());
        admin.createTopic(topic, messageType, QUEUES_PER_BROKER);
        return topic;
    }

    /**
     * A consumer group on every broker ({@code orderly} for FIFO consumption) whose offsets in {@code topic} are at
     * its start, so it receives what was sent before its first receive (a POP of a new group starts at the end).
     */
    public static String group(ApacheClusterAdmin admin, String topic, boolean orderly) throws Exception {
        String group = Names.unique("GID_cluster");
        admin.createGroup(group, orderly);
        admin.consumeFromStart(group, topic);
        return group;
    }
}
