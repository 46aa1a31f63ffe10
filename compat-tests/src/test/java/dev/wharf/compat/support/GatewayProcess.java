package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The Wharf gateway as a child process: {@code java -jar gateway/target/wharf.jar --config <file>} with a
 * configuration written next to the data directory, its output in {@code target/gateway-logs/}. By default it
 * listens for Remoting, gRPC, HTTP and WebSocket clients, each on a port of its own ({@link ListenerSpec#defaults()});
 * a test may choose any other layout and find each listener's address by its name.
 *
 * <pre>{@code
 * try (MessagingServer gateway = GatewayProcess.launch(ServerSettings.defaults(), dataDir, "MyTest")) {
 *     producer.setNamesrvAddr(gateway.nameServerAddress());
 *     ClientConfiguration.newBuilder().setEndpoints(gateway.grpcEndpoint());
 * }
 * try (GatewayProcess gateway = GatewayProcess.launch(ServerSettings.defaults(),
 *         List.of(ListenerSpec.withTls("all", TlsMode.ENFORCING, "remoting", "grpc")), dataDir, "MyTest")) {
 *     String unified = gateway.address("all");
 * }
 * }</pre>
 */
public final class GatewayProcess implements MessagingServer {

    /** System property with the path of the gateway jar; the build sets it to {@code ../gateway/target/wharf.jar}. */
    public static final String JAR_PROPERTY = "wharf.gateway.jar";

    private final ChildProcess process;
    private final List<ListenerSpec> listeners;
    /** {@code host:port} of each listener by name, in configuration order. */
    private final Map<String, String> addresses;
    /** The configuration for a listener layout: what {@link #restart(String)} renders again. */
    private final Function<List<ListenerSpec>, String> configuration;
    private final Path dataDir;

    private GatewayProcess(ChildProcess process, List<ListenerSpec> listeners, Map<String, String> addresses,
            Function<List<ListenerSpec>, String> configuration, Path dataDir) {
        this.process = process;
        this.listeners = listeners;
        this.addresses = addresses;
        this.configuration = configuration;
        this.dataDir = dataDir;
    }

    /** {@link #launch(ServerSettings, List, Path, String)} with the default layout, one listener per protocol. */
    public static GatewayProcess launch(ServerSettings settings, Path dataDir, String label) {
        return launch(settings, ListenerSpec.defaults(), dataDir, label);
    }

    /**
     * Writes the configuration, starts the gateway and returns once all its listeners are up.
     * Launching again on the same {@code dataDir} is a restart on the same store.
     *
     * @param listeners the gateway's listeners, with unique names
     */
    public static GatewayProcess launch(ServerSettings settings, List<ListenerSpec> listeners, Path dataDir,
            String label) {
        return launch(layout -> GatewayYaml.render(settings, layout, dataDir, Optional.empty()), listeners, dataDir,
                label);
    }

    /**
     * {@link #launch(ServerSettings, List, Path, String)} with {@code pluginFolder} as the gateway's plugin folder
     * ({@code plugins.path}): each jar in it is a plugin whose protocols the listeners may name.
     */
    public static GatewayProcess launchWithPlugins(ServerSettings settings, List<ListenerSpec> listeners,
            Path pluginFolder, Path dataDir, String label) {
        return launch(layout -> GatewayYaml.render(settings, layout, dataDir, Optional.of(pluginFolder)), listeners,
                dataDir, label);
    }

    /**
     * A gateway in cluster mode in front of the RocketMQ cluster whose NameServers are {@code nameServers}:
     * no store of its own, so {@code workDir} only holds its configuration.
     */
    public static GatewayProcess launchInCluster(List<String> nameServers, List<ListenerSpec> listeners, Path workDir,
            String label) {
        return launch(layout -> GatewayYaml.renderCluster(nameServers, layout), listeners, workDir, label);
    }

    /**
     * A Local-mode gateway whose broker, {@code brokerName} of {@code DefaultCluster}, registers with
     * {@code nameServers} (Apache RocketMQ's, say) as reachable on the first listener, which serves Remoting:
     * a standalone Wharf broker of a RocketMQ cluster. {@link #stop()} lets it unregister.
     */
    public static GatewayProcess launchRegistered(String brokerName, List<String> nameServers,
            List<ListenerSpec> listeners, Path dataDir, String label) {
        return launchRegistered(brokerName, nameServers, "forward", listeners, dataDir, label);
    }

    /**
     * {@link #launchRegistered(String, List, List, Path, String)} doing {@code otherBrokers} ({@code forward} or
     * {@code omit}, {@code cluster.otherBrokers}) with the queues of the cluster's other brokers.
     */
    public static GatewayProcess launchRegistered(String brokerName, List<String> nameServers, String otherBrokers,
            List<ListenerSpec> listeners, Path dataDir, String label) {
        return launchRegistered(ServerSettings.defaults(), brokerName, nameServers, otherBrokers, listeners, dataDir,
                label);
    }

    /**
     * {@link #launchRegistered(String, List, String, List, Path, String)} with {@code settings} for its broker
     * (transaction checks, delay levels...) instead of the defaults.
     */
    public static GatewayProcess launchRegistered(ServerSettings settings, String brokerName, List<String> nameServers,
            String otherBrokers, List<ListenerSpec> listeners, Path dataDir, String label) {
        return launch(layout -> GatewayYaml.renderRegistered(settings, layout, dataDir, brokerName, nameServers,
                otherBrokers), listeners, dataDir, label);
    }

    private static GatewayProcess launch(Function<List<ListenerSpec>, String> configuration,
            List<ListenerSpec> listeners, Path dataDir, String label) {
        if (listeners.stream().map(ListenerSpec::name).distinct().count() != listeners.size()) {
            throw new IllegalArgumentException("listener names must be unique: " + listeners);
        }
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "../gateway/target/wharf.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar + "; build the gateway module first");
        }
        Path config = writeConfig(configuration.apply(listeners), dataDir);
        List<String> command = List.of(
                ChildProcess.javaExecutable(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar.toString(), "--config", config.toString());
        // The gateway prints one line per listener, in configuration order, once all accept connections:
        // "Wharf listening: remoting+grpc on 127.0.0.1:40123". Listeners of the same protocols take their lines
        // in order (ChildProcess gives each line to one pattern), so the i-th match is the i-th listener's.
        List<Pattern> listening = listeners.stream()
                .map(listener -> Pattern.compile(
                        "Wharf listening: " + Pattern.quote(listener.protocolLine()) + " on (\\S+):(\\d+)"))
                .toList();
        ChildProcess.Started started = ChildProcess.start("wharf-" + label, command, Map.of(), config.getParent(),
                OutputFiles.newLogFile(label), listening);
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            MatchResult line = started.readyLines().get(i);
            // Bound to 127.0.0.1 by the configuration; the line supplies the port the OS picked for port 0.
            addresses.put(listeners.get(i).name(), "127.0.0.1:" + line.group(2));
        }
        return new GatewayProcess(started.process(), List.copyOf(listeners), addresses, configuration, dataDir);
    }

    private static Path writeConfig(String yaml, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return Files.writeString(dataDir.resolveSibling("gateway.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code host:port} of the listener named {@code listenerName}.
     *
     * @throws IllegalArgumentException when the gateway has no such listener; the message names those it has
     */
    public String address(String listenerName) {
        String address = addresses.get(listenerName);
        if (address == null) {
            throw new IllegalArgumentException(
                    "no listener named '" + listenerName + "'; the gateway has " + addresses.keySet());
        }
        return address;
    }

    /** The gateway's output (its log), as far as it has written it. */
    public Path logFile() {
        return process.logFile();
    }

    /**
     * The first listener serving {@code protocol} to plaintext clients: where the name-server, admin, gRPC, HTTP
     * and WebSocket accessors below point.
     */
    private Optional<String> firstPlaintext(String protocol) {
        return listeners.stream()
                .filter(listener -> listener.servesPlaintext(protocol))
                .findFirst()
                .map(listener -> addresses.get(listener.name()));
    }

    private String required(String protocol) {
        return firstPlaintext(protocol).orElseThrow(() -> new IllegalStateException(
                "no listener serves " + protocol + " to plaintext clients; listeners: " + listeners));
    }

    @Override
    public String nameServerAddress() {
        return required("remoting");
    }

    /** The gateway is broker and name server in one. */
    @Override
    public String brokerAddress() {
        return required("remoting");
    }

    @Override
    public String grpcEndpoint() {
        return required("grpc");
    }

    @Override
    public Optional<String> httpAddress() {
        return firstPlaintext("http");
    }

    @Override
    public Optional<String> webSocketAddress() {
        return firstPlaintext("websocket");
    }

    /**
     * Stops this gateway (SIGTERM) and launches it again with the same configuration, store and listeners, each on
     * the port it had, so its clients reconnect to the same addresses; returns the new process.
     *
     * @param label names the new process's log file
     */
    public GatewayProcess restart(String label) {
        stop();
        List<ListenerSpec> samePorts = listeners.stream()
                .map(listener -> listener.onPort(port(addresses.get(listener.name()))))
                .toList();
        return launch(configuration, samePorts, dataDir, label);
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
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
        return "Wharf gateway with listeners " + addresses;
    }
}
