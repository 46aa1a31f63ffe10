package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tls.TlsSupport;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * WebSocket for browsers ({@link ProtocolType#WEBSOCKET}, RFC 6455): a JSON frame protocol for publishing and
 * POP subscriptions with credits (docs/WEBSOCKET.md), and the bundled web page. Server only.
 */
public final class WebSocketTransportProvider implements TransportProvider {

    @Override
    public ProtocolType protocol() {
        return ProtocolType.WEBSOCKET;
    }

    /** The one after the HTTP API's 8082, as EMQX's WebSocket port. */
    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.of(8083);
    }

    @Override
    public List<OptionSpec> options() {
        return WebSocketServerOptions.SCHEMA;
    }

    /** An HTTP/1.1 upgrade request to {@code /v1/ws}. */
    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new WebSocketOpeningDetector());
    }

    @Override
    public List<String> versions() {
        return List.of("v1");
    }

    /**
     * {@code wss://} by the {@code tls.*} options: permissive (TLS and plaintext on the port), enforcing or
     * disabled; a listener without {@code tls.*} options serves plain {@code ws://}.
     */
    @Override
    public boolean servesTls() {
        return true;
    }

    /**
     * A WebSocket listener; its options and certificate are read here, so a bad one fails before anything is
     * bound.
     *
     * @throws IllegalArgumentException when an option or a certificate file cannot be used, naming it
     */
    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        WebSocketServerOptions options = WebSocketServerOptions.from(config);
        Optional<TlsSupport> tls = options.tls().map(tlsOptions -> TlsSupport.forOptions(tlsOptions, List.of(),
                context.clock()));
        return new WebSocketServer(context, config, options, tls);
    }

    /** WebSocket on a unified port, recognised by its handshake's request line. */
    @Override
    public Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
        return Optional.of(new WebSocketAdopter(context, config));
    }

    /** @throws UnsupportedOperationException always: Wharf serves WebSocket clients, it is not one */
    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException("the WebSocket transport serves clients only");
    }
}
