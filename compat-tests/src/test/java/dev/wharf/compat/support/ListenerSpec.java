package dev.wharf.compat.support;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One listener of a gateway a test launches ({@link GatewayProcess#launch(ServerSettings, List, java.nio.file.Path,
 * String)}): its name, the protocols it carries (several: a unified port) and its TLS mode. It binds 127.0.0.1 on a
 * free port unless it names one.
 *
 * <pre>{@code
 * List<ListenerSpec> layout = List.of(
 *         ListenerSpec.plaintext("admin", "remoting", "http"),
 *         ListenerSpec.withTls("everything-tls", TlsMode.ENFORCING, "remoting", "grpc", "http", "websocket"));
 * }</pre>
 *
 * @param name unique among the gateway's listeners
 * @param protocols the gateway's protocol names ({@code remoting}, {@code grpc}, {@code http}, {@code websocket}),
 *     in the order the gateway's start-up line names them
 * @param tls the listener's {@code tls.mode}; empty for no {@code tls} section (a gRPC listener is then
 *     permissive, the others plaintext only)
 * @param port the port to bind; 0 for a free one the OS picks
 */
public record ListenerSpec(String name, List<String> protocols, Optional<TlsMode> tls, int port) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    public ListenerSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("listener name must match " + NAME + ": '" + name + "'");
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("listener " + name + " needs at least one protocol");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("listener " + name + ": no such port " + port);
        }
        protocols = List.copyOf(protocols);
    }

    /** A listener on a free port. */
    public ListenerSpec(String name, List<String> protocols, Optional<TlsMode> tls) {
        this(name, protocols, tls, 0);
    }

    /** The same listener on {@code port}: how a restarted gateway gets the ports its clients know. */
    public ListenerSpec onPort(int port) {
        return new ListenerSpec(name, protocols, tls, port);
    }

    /** The layout of every test that asks for none: one listener per protocol, named after it, no tls section. */
    public static List<ListenerSpec> defaults() {
        return List.of(plaintext("remoting", "remoting"), plaintext("grpc", "grpc"), plaintext("http", "http"),
                plaintext("websocket", "websocket"));
    }

    /** A listener without a {@code tls} section. */
    public static ListenerSpec plaintext(String name, String... protocols) {
        return new ListenerSpec(name, List.of(protocols), Optional.empty());
    }

    /** A listener whose {@code tls} section has {@code mode} and the gateway's development certificate. */
    public static ListenerSpec withTls(String name, TlsMode mode, String... protocols) {
        return new ListenerSpec(name, List.of(protocols), Optional.of(mode));
    }

    public boolean carries(String protocol) {
        return protocols.contains(protocol);
    }

    /** Whether a plaintext client of {@code protocol} is served here; without a tls section, gRPC is permissive. */
    public boolean servesPlaintext(String protocol) {
        return carries(protocol) && tls.map(mode -> mode.serves(false)).orElse(true);
    }

    /** {@code remoting+grpc}: how the gateway's start-up line names the listener's protocols. */
    public String protocolLine() {
        return String.join("+", protocols);
    }
}
