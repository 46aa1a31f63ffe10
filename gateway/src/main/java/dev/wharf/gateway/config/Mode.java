package dev.wharf.gateway.config;

/**
 * Where the broker behind the gateway lives.
 *
 * <pre>{@code
 * mode: local     # or: cluster, with a cluster section naming the NameServers
 * }</pre>
 */
public enum Mode {
    /** The broker core runs inside the gateway's process; no NameServer, no other node. */
    LOCAL,
    /**
     * The brokers are a RocketMQ cluster found through its NameServers; the gateway keeps no messages and
     * forwards each command to the broker it names (gateway/cluster).
     */
    CLUSTER
}
