package dev.wharf.compat.support;

import java.nio.file.Path;

/**
 * Renders {@link ServerSettings} as the gateway's YAML configuration (the keys of
 * {@code conf/gateway.yaml}): Remoting, gRPC, HTTP and WebSocket listeners, each on 127.0.0.1 and a free port,
 * the given data directory.
 */
final class GatewayYaml {

    private GatewayYaml() {}

    static String render(ServerSettings settings, Path dataDir) {
        return """
                listeners:
                  - name: remoting
                    host: 127.0.0.1
                    port: 0
                    protocols: [remoting]
                  - name: grpc
                    host: 127.0.0.1
                    port: 0
                    protocols: [grpc]
                  - name: http
                    host: 127.0.0.1
                    port: 0
                    protocols: [http]
                  - name: websocket
                    host: 127.0.0.1
                    port: 0
                    protocols: [websocket]
                store:
                  path: %s
                  flush: %s
                  segmentSize: 16MiB
                broker:
                  autoCreateTopics: %s
                  defaultQueueNums: %d
                  delayLevels: %s
                  transactions:
                    checkInterval: %dms
                    timeout: %dms
                    maxChecks: %d
                """.formatted(
                quoted(dataDir.toAbsolutePath().toString()),
                settings.syncFlush() ? "sync" : "async",
                settings.autoCreateTopics(),
                settings.defaultQueueNums(),
                settings.delayLevelLine(),
                settings.transactionChecks().interval().toMillis(),
                settings.transactionChecks().timeout().toMillis(),
                settings.transactionChecks().maxChecks());
    }

    /** A single-quoted YAML scalar, so any path reads back verbatim. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
