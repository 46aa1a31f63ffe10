package dev.wharf.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole gateway configuration, immutable. {@link #defaults()} is a complete Local-mode node:
 * Remoting on 0.0.0.0:8080, gRPC on 8081, WebSocket on 8083, data under {@code ./data}, async flush, topic auto-creation on, 4 queues.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfigReader.read(Path.of("conf/gateway.yaml"));
 * GatewayConfig none = GatewayConfig.defaults();
 * }</pre>
 *
 * @param mode where the broker lives: in this process, or a RocketMQ cluster
 * @param listeners the sockets to listen on, at least one
 * @param store the embedded broker's storage (local mode)
 * @param broker the embedded broker's name and messaging rules (local mode; its limits apply in both modes)
 * @param threads event loops and business pools
 * @param plugins where transport plugins are found
 * @param cluster the NameServers and cache times of cluster mode
 */
public record GatewayConfig(Mode mode, List<ListenerConfig> listeners, StoreSettings store, BrokerSettings broker,
        ThreadSettings threads, PluginSettings plugins, ClusterSettings cluster) {

    public GatewayConfig {
        Objects.requireNonNull(mode, "mode");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** A configuration without cluster settings (local mode). */
    public GatewayConfig(Mode mode, List<ListenerConfig> listeners, StoreSettings store, BrokerSettings broker,
            ThreadSettings threads, PluginSettings plugins) {
        this(mode, listeners, store, broker, threads, plugins, ClusterSettings.defaults());
    }

    /** A configuration with the default plugin folder. */
    public GatewayConfig(
            Mode mode, List<ListenerConfig> listeners, StoreSettings store, BrokerSettings broker, ThreadSettings threads) {
        this(mode, listeners, store, broker, threads, PluginSettings.defaults());
    }

    /** This configuration with other listeners. */
    public GatewayConfig withListeners(List<ListenerConfig> newListeners) {
        return new GatewayConfig(mode, newListeners, store, broker, threads, plugins, cluster);
    }

    /** This configuration with another plugin folder. */
    public GatewayConfig withPlugins(PluginSettings newPlugins) {
        return new GatewayConfig(mode, listeners, store, broker, threads, newPlugins, cluster);
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(
                Mode.LOCAL,
                List.of(ListenerConfig.defaults(), ListenerConfig.grpcDefaults(), ListenerConfig.httpDefaults(),
                        ListenerConfig.websocketDefaults()),
                StoreSettings.defaults(),
                BrokerSettings.defaults(),
                ThreadSettings.defaults(),
                PluginSettings.defaults(),
                ClusterSettings.defaults());
    }
}
