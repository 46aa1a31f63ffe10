package dev.wharf.gateway.config;

import dev.wharf.transport.spi.ProtocolType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One listening socket and the protocols it serves.
 *
 * <pre>{@code
 * listeners:
 *   - name: remoting
 *     host: 0.0.0.0
 *     port: 8080
 *     protocols: [remoting]
 *   - name: grpc
 *     port: 8081
 *     protocols: [grpc]
 *     tls:
 *       mode: permissive
 * }</pre>
 *
 * @param name unique among listeners; used in logs and thread names
 * @param host address to bind, {@code 0.0.0.0} for every interface
 * @param port port to bind, 0 for any free one
 * @param protocols the protocols served on this port, by name
 * @param tls TLS on this port; empty when the listener has no {@code tls} section, which leaves it to the
 *     protocol (gRPC: permissive with a development certificate; Remoting and HTTP: plaintext)
 * @param http the limits of an {@code http} listener; empty for the transport's defaults
 */
public record ListenerConfig(String name, String host, int port, List<ProtocolType> protocols,
        Optional<TlsSettings> tls, Optional<HttpSettings> http) {

    /** Apache RocketMQ Proxy's Remoting port, so existing client settings keep working. */
    public static final int DEFAULT_REMOTING_PORT = 8080;
    /** Apache RocketMQ Proxy's gRPC port, where the 5.x SDKs' endpoints usually point. */
    public static final int DEFAULT_GRPC_PORT = 8081;
    /** Where Wharf's HTTP API listens unless told otherwise. */
    public static final int DEFAULT_HTTP_PORT = 8082;
    /** Every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(http, "http");
    }

    /** A listener without an {@code http} section. */
    public ListenerConfig(String name, String host, int port, List<ProtocolType> protocols, Optional<TlsSettings> tls) {
        this(name, host, port, protocols, tls, Optional.empty());
    }

    /** A listener without a {@code tls} section. */
    public ListenerConfig(String name, String host, int port, List<ProtocolType> protocols) {
        this(name, host, port, protocols, Optional.empty());
    }

    /** Remoting on 0.0.0.0:8080: what a listener entry means when it leaves keys out. */
    public static ListenerConfig defaults() {
        return new ListenerConfig("remoting", DEFAULT_HOST, DEFAULT_REMOTING_PORT, List.of(ProtocolType.REMOTING));
    }

    /** gRPC on 0.0.0.0:8081, TLS and plaintext on the port, with a development certificate. */
    public static ListenerConfig grpcDefaults() {
        return new ListenerConfig("grpc", DEFAULT_HOST, DEFAULT_GRPC_PORT, List.of(ProtocolType.GRPC),
                Optional.of(TlsSettings.permissive()));
    }

    /** The HTTP API on 0.0.0.0:8082, plaintext, with the default limits and no tokens. */
    public static ListenerConfig httpDefaults() {
        return new ListenerConfig("http", DEFAULT_HOST, DEFAULT_HTTP_PORT, List.of(ProtocolType.HTTP),
                Optional.empty(), Optional.of(HttpSettings.defaults()));
    }

    /** The protocol names joined with {@code +}: {@code remoting}, {@code grpc+http}. */
    public String protocolNames() {
        return joinedNames(protocols);
    }

    /** How {@link #protocolNames()} reads for these protocols; also a listener's default name. */
    public static String joinedNames(List<ProtocolType> protocols) {
        return protocols.stream().map(ProtocolType::name).collect(Collectors.joining("+"));
    }
}
