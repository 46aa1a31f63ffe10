package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Wharf gateway as a child process: {@code java -jar gateway/target/wharf.jar --config <file>} with a
 * configuration written next to the data directory, its output in {@code target/gateway-logs/}. It listens
 * for Remoting, gRPC, HTTP and WebSocket clients, each on a port of its own.
 *
 * <pre>{@code
 * try (MessagingServer gateway = GatewayProcess.launch(ServerSettings.defaults(), dataDir, "MyTest")) {
 *     producer.setNamesrvAddr(gateway.nameServerAddress());
 *     ClientConfiguration.newBuilder().setEndpoints(gateway.grpcEndpoint());
 * }
 * }</pre>
 */
public final class GatewayProcess implements MessagingServer {

    /** System property with the path of the gateway jar; the build sets it to {@code ../gateway/target/wharf.jar}. */
    public static final String JAR_PROPERTY = "wharf.gateway.jar";

    /** The lines the gateway prints per listener once it accepts connections; they carry the real ports. */
    private static final Pattern REMOTING_LISTENING = Pattern.compile("Wharf listening: remoting on (\\S+):(\\d+)");
    private static final Pattern GRPC_LISTENING = Pattern.compile("Wharf listening: grpc on (\\S+):(\\d+)");
    private static final Pattern HTTP_LISTENING = Pattern.compile("Wharf listening: http on (\\S+):(\\d+)");
    private static final Pattern WEBSOCKET_LISTENING =
            Pattern.compile("Wharf listening: websocket on (\\S+):(\\d+)");

    private final ChildProcess process;
    private final String address;
    private final String grpcEndpoint;
    private final String httpAddress;
    private final String webSocketAddress;

    private GatewayProcess(ChildProcess process, List<String> addresses) {
        this.process = process;
        this.address = addresses.get(0);
        this.grpcEndpoint = addresses.get(1);
        this.httpAddress = addresses.get(2);
        this.webSocketAddress = addresses.get(3);
    }

    /**
     * Writes the configuration, starts the gateway and returns once all its listeners are up.
     * Launching again on the same {@code dataDir} is a restart on the same store.
     */
    public static GatewayProcess launch(ServerSettings settings, Path dataDir, String label) {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "../gateway/target/wharf.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar + "; build the gateway module first");
        }
        Path config = writeConfig(settings, dataDir);
        List<String> command = List.of(
                ChildProcess.javaExecutable(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar.toString(), "--config", config.toString());
        ChildProcess.Started started = ChildProcess.start("wharf-" + label, command, Map.of(), config.getParent(),
                OutputFiles.newLogFile(label),
                List.of(REMOTING_LISTENING, GRPC_LISTENING, HTTP_LISTENING, WEBSOCKET_LISTENING));
        // Bound to 127.0.0.1 by the configuration; the lines supply the ports the OS picked for port 0.
        return new GatewayProcess(started.process(),
                started.readyLines().stream().map(line -> "127.0.0.1:" + line.group(2)).toList());
    }

    private static Path writeConfig(ServerSettings settings, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return Files.writeString(dataDir.resolveSibling("gateway.yaml"), GatewayYaml.render(settings, dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String nameServerAddress() {
        return address;
    }

    /** The gateway is broker and name server in one. */
    @Override
    public String brokerAddress() {
        return address;
    }

    @Override
    public String grpcEndpoint() {
        return grpcEndpoint;
    }

    @Override
    public Optional<String> httpAddress() {
        return Optional.of(httpAddress);
    }

    @Override
    public Optional<String> webSocketAddress() {
        return Optional.of(webSocketAddress);
    }

    @Override
    public void stop() {
        process.stop();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "Wharf gateway at " + address + " (gRPC at " + grpcEndpoint + ")";
    }
}
