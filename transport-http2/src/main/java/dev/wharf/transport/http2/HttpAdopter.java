package dev.wharf.transport.http2;

import dev.wharf.transport.http2.pipeline.HttpChannelInitializer;
import dev.wharf.transport.http2.pipeline.HttpDrain;
import dev.wharf.transport.spi.NettyAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP API on a unified port: connections that open with the HTTP/2 preface or an HTTP/1.x request line
 * ({@link HttpOpeningDetector}) get the same pipeline as on an {@link HttpServer}'s own port, behind the port's
 * handlers, and drain as there ({@link HttpDrain}). Spoken under ALPN {@code h2} and {@code http/1.1}; reads the
 * same options as {@link HttpServer}.
 */
final class HttpAdopter extends NettyAdopter {

    private final HttpOptions options;
    private final HttpDrain drain = new HttpDrain();
    private volatile HttpChannelInitializer pipeline;

    /** @throws IllegalArgumentException naming an option that is out of range */
    HttpAdopter(TransportContext context, ServerConfig config) {
        super(context, config, ProtocolType.HTTP);
        this.options = HttpOptions.from(config);
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new HttpOpeningDetector());
    }

    @Override
    public List<String> applicationProtocols() {
        return List.of("h2", "http/1.1");
    }

    @Override
    public void start() {
        pipeline = HttpServer.pipeline(context(), config(), options, processors(), Optional.empty(), drain);
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return pipeline;
    }

    @Override
    protected void drainConnections(Duration timeout) {
        drain.drain(channels(), timeout);
    }
}
