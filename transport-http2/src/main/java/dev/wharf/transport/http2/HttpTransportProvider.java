package dev.wharf.transport.http2;

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
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code http} protocol: Wharf's JSON API over HTTP/2 (prior knowledge or {@code Upgrade: h2c}) and
 * HTTP/1.1, with or without TLS ({@code tls.*} options). Listener options: {@code maxRequestBytes}, {@code maxBatchMessages}, {@code maxConcurrentStreams},
 * {@code idleTimeout}, {@code tokens}, {@code businessThreads}, {@code businessQueue}, {@code heartbeat} (see
 * {@link HttpOptions}).
 */
public final class HttpTransportProvider implements TransportProvider {

    @Override
    public ProtocolType protocol() {
        return ProtocolType.HTTP;
    }

    /** Wharf's HTTP API port. */
    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.of(8082);
    }

    @Override
    public List<OptionSpec> options() {
        return HttpOptions.SCHEMA;
    }

    /** The HTTP/2 preface or an HTTP/1.x request line. */
    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new HttpOpeningDetector());
    }

    @Override
    public List<String> versions() {
        return List.of("h2", "http/1.1");
    }

    /** TLS with ALPN {@code h2} and {@code http/1.1} when a listener sets {@code tls.mode}. */
    @Override
    public boolean servesTls() {
        return true;
    }

    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        return new HttpServer(context, config);
    }

    /** The HTTP API on a unified port, recognised by the HTTP/2 preface or an HTTP/1.x request line. */
    @Override
    public Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
        return Optional.of(new HttpAdopter(context, config));
    }

    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException("the HTTP transport serves clients only; gateways reach brokers "
                + "over Remoting");
    }
}
