package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server for a whole test class, on a fresh temporary data directory that is removed afterwards.
 * Tests of the class share it and keep apart by unique topic and group names ({@link Names}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedServer server = SharedServer.with(ServerSettings.defaults());
 *
 * producer.setNamesrvAddr(server.nameServerAddress());
 * }</pre>
 */
public final class SharedServer implements BeforeAllCallback, AfterAllCallback {

    private final ServerSettings settings;
    /** Empty: the server {@link ServerLauncher#configured()} names, read when the class starts. */
    private final Optional<ServerLauncher> launcher;
    private Path workDir;
    private MessagingServer server;

    private SharedServer(ServerSettings settings, Optional<ServerLauncher> launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    public static SharedServer with(ServerSettings settings) {
        return new SharedServer(settings, Optional.empty());
    }

    /** A Wharf gateway with {@code listeners}, whatever server {@link ServerLauncher#TARGET_PROPERTY} names. */
    public static SharedServer gateway(ServerSettings settings, List<ListenerSpec> listeners) {
        List<ListenerSpec> layout = List.copyOf(listeners);
        return new SharedServer(settings, Optional.of((serverSettings, dataDir, label) ->
                GatewayProcess.launch(serverSettings, layout, dataDir, label)));
    }

    /** {@link #gateway(ServerSettings, List)} loading plugins from {@code pluginFolder} (its {@code plugins.path}). */
    public static SharedServer gatewayWithPlugins(ServerSettings settings, List<ListenerSpec> listeners,
            Path pluginFolder) {
        List<ListenerSpec> layout = List.copyOf(listeners);
        return new SharedServer(settings, Optional.of((serverSettings, dataDir, label) ->
                GatewayProcess.launchWithPlugins(serverSettings, layout, pluginFolder, dataDir, label)));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        workDir = Files.createTempDirectory("wharf-compat-");
        server = launcher.orElseGet(ServerLauncher::configured)
                .launch(settings, workDir.resolve("data"), context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            deleteRecursively(workDir);
        }
    }

    public String nameServerAddress() {
        return server.nameServerAddress();
    }

    /** The running server, for what the name server address alone does not give (its broker address). */
    public MessagingServer server() {
        return server;
    }

    /**
     * The running gateway of {@link #gateway(ServerSettings, List)}, for its listeners' addresses and its log.
     *
     * @throws IllegalStateException when the server is not a Wharf gateway
     */
    public GatewayProcess gateway() {
        if (server instanceof GatewayProcess gateway) {
            return gateway;
        }
        throw new IllegalStateException("the shared server is " + server + ", not a Wharf gateway");
    }

    /** Removes a test's work directory; used by tests that run their own servers, too. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
