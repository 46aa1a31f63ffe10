package dev.wharf.gateway.config;

import dev.wharf.transport.spi.ProtocolType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 *   - name: websocket
 *     port: 8083
 *     protocols: [websocket]
 *     options:
 *       tokens: s3cret
 *       pingInterval: 15s
 *   - name: everything
 *     port: 9000
 *     protocols: [remoting, grpc, http, websocket]
 *     proxyProtocol: false
 *     tls:
 *       mode: permissive
 * }</pre>
 *
 * @param name unique among listeners; used in logs and thread names
 * @param host address to bind, {@code 0.0.0.0} for every interface
 * @param port port to bind, 0 for any free one, {@link #PROTOCOL_DEFAULT_PORT} for its protocol's default
 * @param protocols the protocols served on this port, by name
 * @param tls TLS on this port; empty when the listener has no {@code tls} section, which leaves it to the
 *     protocol (gRPC: permissive with a development certificate; Remoting, HTTP and WebSocket: plaintext)
 * @param options the transport's own settings ({@code options} in YAML), as text, handed to it untouched; each
 *     transport documents the ones it reads; on a unified port every protocol gets them all
 * @param proxyProtocol whether every connection opens with a PROXY protocol header (v1 or v2) from a load
 *     balancer, whose client address then stands for the connection's; when false such a header is refused
 */
public record ListenerConfig(String name, String host, int port, List<ProtocolType> protocols,
        Optional<TlsSettings> tls, Map<String, String> options, boolean proxyProtocol) {

    /** Apache RocketMQ Proxy's Remoting port, so existing client settings keep working. */
    public static final int DEFAULT_REMOTING_PORT = 8080;
    /** Apache RocketMQ Proxy's gRPC port, where the 5.x SDKs' endpoints usually point. */
    public static final int DEFAULT_GRPC_PORT = 8081;
    /** Where Wharf's HTTP API listens unless told otherwise. */
    public static final int DEFAULT_HTTP_PORT = 8082;
    /** The WebSocket port: the one after the HTTP API's 8082 (EMQX's WebSocket port is 8083 too). */
    public static final int DEFAULT_WEBSOCKET_PORT = 8083;
    /**
     * The port of a listener whose configuration names none: its first protocol's
     * {@code TransportProvider.defaultPort()}, or {@value #DEFAULT_REMOTING_PORT}; resolved when it is bound.
     */
    public static final int PROTOCOL_DEFAULT_PORT = -1;
    /** Every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Options every listener's transport gets from the broker section, so that no listener's own options set them. */
    public static final Set<String> BROKER_OPTIONS = Set.of("maxBodySize", "maxDeliveryDelay", "validateMessageType");

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(tls, "tls");
        options = Map.copyOf(options);
    }

    /** A listener without PROXY protocol headers. */
    public ListenerConfig(String name, String host, int port, List<ProtocolType> protocols,
            Optional<TlsSettings> tls, Map<String, String> options) {
        this(name, host, port, protocols, tls, options, false);
    }

    /** A listener without {@code options}. */
    public ListenerConfig(String name, String host, int port, List<ProtocolType> protocols, Optional<TlsSettings> tls) {
        this(name, host, port, protocols, tls, Map.of());
    }

    /** A listener without a {@code tls} section or {@code options}. */
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

    /** The HTTP API on 0.0.0.0:8082, plaintext, with the HTTP transport's default limits and no tokens. */
    public static ListenerConfig httpDefaults() {
        return new ListenerConfig("http", DEFAULT_HOST, DEFAULT_HTTP_PORT, List.of(ProtocolType.HTTP));
    }

    /** WebSocket and the web page on 0.0.0.0:8083, plain {@code ws://}, open to the pages it serves itself. */
    public static ListenerConfig websocketDefaults() {
        return new ListenerConfig("websocket", DEFAULT_HOST, DEFAULT_WEBSOCKET_PORT, List.of(ProtocolType.WEBSOCKET));
    }

    /**
     * Whether the listener is a unified port, which detects each connection's protocol: several protocols, or
     * PROXY protocol headers to read first.
     */
    public boolean unified() {
        return protocols.size() > 1 || proxyProtocol;
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
