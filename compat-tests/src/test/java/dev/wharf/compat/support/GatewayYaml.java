package dev.wharf.compat.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders {@link ServerSettings} and a listener layout as the gateway's YAML configuration (the keys of
 * {@code conf/gateway.yaml}): each listener on 127.0.0.1 and its port (0: a free one), the given data directory
 * and plugin folder.
 */
final class GatewayYaml {

    /**
     * A PushConsumer's close waits for its receive call in flight, which the gateway holds for the long-polling
     * time it tells consumers: 3 s instead of the default 20 s, so the tests' closes do not add up to minutes.
     */
    private static final String GRPC_OPTIONS = """
                options:
                  longPollingTimeout: 3s
            """;

    private GatewayYaml() {}

    /** @param pluginFolder the gateway's plugin folder ({@code plugins.path}); empty for the default, none there */
    static String render(ServerSettings settings, List<ListenerSpec> listeners, Path dataDir,
            Optional<Path> pluginFolder) {
        return render(settings, listeners, dataDir, pluginFolder, "");
    }

    /**
     * A Local-mode broker named {@code brokerName} (cluster {@code DefaultCluster}) registering its first listener
     * with {@code nameServers}, which must be a Remoting listener, and doing {@code otherBrokers} (forward or omit)
     * with the queues of the cluster's other brokers.
     */
    static String renderRegistered(ServerSettings settings, List<ListenerSpec> listeners, Path dataDir,
            String brokerName, List<String> nameServers, String otherBrokers) {
        return render(settings, listeners, dataDir, Optional.empty(), "  brokerName: " + quoted(brokerName) + "\n")
                + "cluster:\n  register: true\n  nameServers: " + list(nameServers) + "\n  otherBrokers: "
                + otherBrokers + "\n";
    }

    private static String render(ServerSettings settings, List<ListenerSpec> listeners, Path dataDir,
            Optional<Path> pluginFolder, String brokerIdentity) {
        return "listeners:\n" + listeners.stream().map(GatewayYaml::listener).collect(Collectors.joining())
                + pluginFolder.map(folder -> "plugins:\n  path: " + quoted(folder.toAbsolutePath().toString()) + "\n")
                        .orElse("")
                + """
                store:
                  path: %s
                  flush: %s
                  segmentSize: 16MiB
                broker:
                %s  autoCreateTopics: %s
                  defaultQueueNums: %d
                  delayLevels: %s
                  transactions:
                    checkInterval: %dms
                    timeout: %dms
                    maxChecks: %d
                """.formatted(
                quoted(dataDir.toAbsolutePath().toString()),
                settings.syncFlush() ? "sync" : "async",
                brokerIdentity,
                settings.autoCreateTopics(),
                settings.defaultQueueNums(),
                settings.delayLevelLine(),
                settings.transactionChecks().interval().toMillis(),
                settings.transactionChecks().timeout().toMillis(),
                settings.transactionChecks().maxChecks());
    }

    /** Cluster mode in front of the cluster of {@code nameServers}; nothing of a store or an embedded broker. */
    static String renderCluster(List<String> nameServers, List<ListenerSpec> listeners) {
        return "mode: cluster\nlisteners:\n" + listeners.stream().map(GatewayYaml::listener).collect(Collectors.joining())
                + "cluster:\n  nameServers: " + list(nameServers) + "\n";
    }

    private static String list(List<String> values) {
        return values.stream().map(GatewayYaml::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    /** One entry of {@code listeners}; a TLS mode without certificate paths serves a development certificate. */
    private static String listener(ListenerSpec listener) {
        String entry = """
                  - name: %s
                    host: 127.0.0.1
                    port: %d
                    protocols: [%s]
                """.formatted(listener.name(), listener.port(), String.join(", ", listener.protocols()));
        return entry + listener.tls().map(mode -> """
                    tls:
                      mode: %s
                """.formatted(mode.yaml())).orElse("")
                + (listener.carries("grpc") ? GRPC_OPTIONS : "");
    }

    /** A single-quoted YAML scalar, so any path reads back verbatim. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
