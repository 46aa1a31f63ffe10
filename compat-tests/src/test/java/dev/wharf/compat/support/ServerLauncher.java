package dev.wharf.compat.support;

import java.nio.file.Path;

/**
 * Starts a {@link MessagingServer} on a data directory; starting again on the same directory is a restart.
 *
 * <pre>{@code
 * MessagingServer server = ServerLauncher.configured().launch(ServerSettings.defaults(), dataDir, "MyTest");
 * }</pre>
 */
@FunctionalInterface
public interface ServerLauncher {

    /** System property naming the server under test: {@code wharf} (default) or {@code apache-rocketmq}. */
    String TARGET_PROPERTY = "wharf.compat.target";

    /**
     * @param dataDir where the server keeps its data; reused across restarts
     * @param label names the server's log file under the output directory
     */
    MessagingServer launch(ServerSettings settings, Path dataDir, String label);

    /**
     * Whether the server under test is Wharf. Tests of behaviour Apache RocketMQ lacks assume it, so the
     * suite still passes against Apache RocketMQ (and the reason is in the skip message).
     */
    static boolean targetsWharf() {
        return "wharf".equals(System.getProperty(TARGET_PROPERTY, "wharf"));
    }

    /** The launcher {@link #TARGET_PROPERTY} selects. */
    static ServerLauncher configured() {
        String target = System.getProperty(TARGET_PROPERTY, "wharf");
        return switch (target) {
            case "wharf" -> GatewayProcess::launch;
            case "apache-rocketmq" -> ApacheRocketMqServer::launch;
            default -> throw new IllegalArgumentException(
                    TARGET_PROPERTY + " must be wharf or apache-rocketmq, not " + target);
        };
    }
}
