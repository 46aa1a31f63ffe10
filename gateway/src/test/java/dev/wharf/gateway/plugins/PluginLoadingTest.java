package dev.wharf.gateway.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.PluginSettings;
import dev.wharf.gateway.local.BoundListener;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins from the plugin folder: isolated from Wharf's libraries, served on listeners, refused when broken. */
class PluginLoadingTest {

    private static final ProtocolType LINE_ECHO = ProtocolType.of("line-echo");

    @TempDir
    Path dir;

    @Test
    void aPluginBundlingAnotherCaffeineGetsItsOwnAndDoesNotSeeWharfsJackson() throws IOException {
        PluginJars.lineEchoFolder(dir.resolve("plugins/line-echo"));
        GatewayConfig config = config(new ListenerConfig("echo", "127.0.0.1", 0, List.of(LINE_ECHO), Optional.empty(),
                Map.of("greeting", "hi")));

        try (LocalGateway gateway = LocalGateway.start(config)) {
            assertThat(ask(gateway.listeners().get(1), "ping"))
                    .isEqualTo("hi ping caffeine=caffeine-2.9.3.jar jackson=invisible");
        }
        assertThat(Caffeine.class.getProtectionDomain().getCodeSource().getLocation().getPath()).contains("3.3.1");
    }

    @Test
    void aMissingFolderMeansNoPlugins() {
        try (LocalGateway gateway = LocalGateway.start(config())) {
            assertThat(gateway.listeners()).extracting(BoundListener::name).containsExactly("remoting");
        }
    }

    @Test
    void aSubFolderWithoutJarsIsNotAPluginSoAGatewayStartsFromASourceTree() throws IOException {
        // What `java -jar gateway/target/wharf.jar` from the repository's root finds in ./plugins.
        Files.createDirectories(dir.resolve("plugins/mqtt/src/main/java"));
        Files.writeString(dir.resolve("plugins/mqtt/pom.xml"), "<project/>");
        PluginJars.lineEchoFolder(dir.resolve("plugins/line-echo"));

        assertThat(PluginFolder.of(dir.resolve("plugins")).sources())
                .containsExactly(dir.resolve("plugins/line-echo").toAbsolutePath().normalize());
        try (LocalGateway gateway = LocalGateway.start(config())) {
            assertThat(gateway.listeners()).extracting(BoundListener::name).containsExactly("remoting");
        }
    }

    @Test
    void aServicesEntryWithoutItsClassFailsStartUpNamingTheJar() throws IOException {
        Path jar = PluginJars.jar(dir.resolve("plugins/missing.jar"), List.of(), List.of("com.example.Nowhere"));

        assertThatThrownBy(() -> LocalGateway.start(config()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("plugins.path: plugin " + jar + " cannot make its transport provider: ")
                .hasMessageContaining("Provider com.example.Nowhere not found");
    }

    @Test
    void aProviderWhoseConstructorThrowsFailsStartUpNamingTheJar() throws IOException {
        Path jar = PluginJars.jar(dir.resolve("plugins/unlicensed.jar"), List.of(provider("Unlicensed", "remoting-x", """
                public Unlicensed() { throw new IllegalStateException("no licence key"); }
                """)), List.of("com.example.Unlicensed"));

        assertThatThrownBy(() -> LocalGateway.start(config()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("plugins.path: plugin " + jar + " cannot make its transport provider: ")
                .hasMessageContaining("java.lang.IllegalStateException: no licence key");
    }

    @Test
    void aProviderWhoseNewServerThrowsFailsStartUpNamingTheJar() throws IOException {
        Path jar = PluginJars.jar(dir.resolve("plugins/expired.jar"), List.of(provider("Expired", "expired", "")),
                List.of("com.example.Expired"));

        assertThatThrownBy(() -> LocalGateway.start(config(
                        new ListenerConfig("expired", "127.0.0.1", 0, List.of(ProtocolType.of("expired"))))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[1]: cannot make a server of com.example.Expired (" + jar
                        + "): java.lang.IllegalStateException: licence expired");
    }

    @Test
    void aPluginClaimingABuiltInProtocolFailsStartUpNamingBoth() throws IOException {
        Path jar = PluginJars.jar(dir.resolve("plugins/impostor.jar"), List.of(provider("Impostor", "remoting", "")),
                List.of("com.example.Impostor"));

        assertThatThrownBy(() -> LocalGateway.start(config()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("plugins.path: two transports claim the protocol 'remoting': ")
                .hasMessageContaining("dev.wharf.transport.remoting.RemotingTransportProvider (")
                .hasMessageContaining("com.example.Impostor (" + jar + ")");
    }

    @Test
    void twoPluginsClaimingOneProtocolFailStartUpNamingBothJars() throws IOException {
        Path first = PluginJars.jar(dir.resolve("plugins/a.jar"), List.of(provider("First", "twin", "")),
                List.of("com.example.First"));
        Path second = PluginJars.jar(dir.resolve("plugins/b.jar"), List.of(provider("Second", "twin", "")),
                List.of("com.example.Second"));

        assertThatThrownBy(() -> LocalGateway.start(config()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("two transports claim the protocol 'twin'")
                .hasMessageContaining(first.toString())
                .hasMessageContaining(second.toString());
    }

    @Test
    void aPluginWhoseDetectorClaimsTheHttpApisBytesWithItsPriorityFailsStartUpNamingTheJar() throws IOException {
        Path jar = PluginJars.jar(dir.resolve("plugins/greedy.jar"), List.of(provider("Greedy", "greedy", """
                public java.util.Optional<ProtocolDetector> detector() {
                    return java.util.Optional.of(new ProtocolDetector() {
                        public Result detect(io.netty.buffer.ByteBuf in) {
                            return ProtocolDetector.matchPrefix(in, "GET ".getBytes());
                        }
                        public int priority() { return 100; }
                        public java.util.List<byte[]> sampleOpenings() { return java.util.List.of("GET /".getBytes()); }
                    });
                }
                """)), List.of("com.example.Greedy"));

        assertThatThrownBy(() -> LocalGateway.start(config()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("plugins.path: ")
                .hasMessageContaining("greedy of com.example.Greedy (" + jar + ")")
                .hasMessageContaining("both claim the opening")
                .hasMessageContaining("with the same priority 100");
    }

    @Test
    void aPluginListenerWithAnOptionThePluginDoesNotDeclareFailsStartUpWithItsPath() throws IOException {
        PluginJars.lineEchoFolder(dir.resolve("plugins/line-echo"));
        GatewayConfig config = config(new ListenerConfig("echo", "127.0.0.1", 0, List.of(LINE_ECHO), Optional.empty(),
                Map.of("greting", "hi")));

        assertThatThrownBy(() -> LocalGateway.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[1].options.greting: is not an option of line-echo; known: greeting, maxLineLength");
    }

    @Test
    void aPluginListenerWithABadOptionValueFailsStartUpWithItsPath() throws IOException {
        PluginJars.lineEchoFolder(dir.resolve("plugins/line-echo"));
        GatewayConfig config = config(new ListenerConfig("echo", "127.0.0.1", 0, List.of(LINE_ECHO), Optional.empty(),
                Map.of("maxLineLength", "long")));

        assertThatThrownBy(() -> LocalGateway.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[1].options.maxLineLength: must be a whole number, got 'long' "
                        + "(line-echo: longest line read)");
    }

    /** The test gateway's Remoting listener and {@code extra}, with {@code dir/plugins} as plugin folder. */
    private GatewayConfig config(ListenerConfig... extra) {
        GatewayConfig base = TestGateway.config(dir.resolve("data"));
        List<ListenerConfig> listeners = new java.util.ArrayList<>(base.listeners());
        listeners.addAll(List.of(extra));
        return base.withListeners(listeners).withPlugins(new PluginSettings(dir.resolve("plugins")));
    }

    /**
     * A provider of {@code protocol} whose servers cannot be made ("licence expired"), with {@code members}
     * added to its body.
     */
    static String provider(String name, String protocol, String members) {
        return """
                package com.example;

                import dev.wharf.transport.spi.*;

                public final class %s implements TransportProvider {
                    %s
                    public ProtocolType protocol() { return ProtocolType.of("%s"); }
                    public RemotingServer newServer(TransportContext context, ServerConfig config) {
                        throw new IllegalStateException("licence expired");
                    }
                    public RemotingClient newClient(TransportContext context, ClientOptions options) {
                        throw new UnsupportedOperationException();
                    }
                }
                """.formatted(name, members, protocol);
    }

    /** Sends one line to a line-echo listener and answers its reply. */
    static String ask(BoundListener listener, String line) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
