package dev.wharf.gateway.config;

/**
 * What a Local-mode node registered with NameServers ({@code cluster.register: true}) does with the queues of the
 * cluster's other brokers.
 *
 * <pre>{@code
 * mode: local
 * cluster: {nameServers: [10.0.0.5:9876], register: true, otherBrokers: forward}   # or: omit
 * }</pre>
 */
public enum OtherBrokers {
    /**
     * As a Cluster-mode gateway does: routes come from the NameServers and list every broker of the cluster under
     * this node's address, commands for other brokers are forwarded to them, commands for this node's own broker
     * stay in the process.
     */
    FORWARD,
    /**
     * Plain Local mode: routes and commands are the embedded broker's alone, so a topic that lives only on other
     * brokers does not exist here.
     */
    OMIT
}
