package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.v5.ApacheClusterAdmin;

/**
 * New, uniquely named topics and consumer groups on every broker of a cluster, as {@link Fresh} makes them on one
 * server: the SDK learns a topic's route and message type before it sends, and a group's receives start at the
 * queues' beginnings.
 */
public final class FreshOnCluster {

    /**
     * One queue per broker, so a simple consumer asks the brokers in turn. The 5.x SDK (5.2.0) takes the route's
     * readable queues one per receive, a broker's queues next to each other, and a receive that reaches a broker
     * with nothing ready long-polls at least 5 s (the gateway's minimum, as Apache's Proxy): with four queues per
     * broker a consumer asked an empty broker four times in a row, 20 s, before the other one.
     */
    private static final int QUEUES_PER_BROKER = 1;

    private FreshOnCluster() {}

    /** A topic of {@code messageType} (NORMAL, FIFO, DELAY, TRANSACTION) with one queue on every broker. */
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
