package dev.wharf.transport.http2;

import dev.wharf.transport.http2.pipeline.HttpChannelInitializer;
import dev.wharf.transport.http2.pipeline.HttpDrain;
import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The HTTP API on a unified port: connections that open with the HTTP/2 preface or an HTTP/1.x request line
 * ({@link HttpOpeningDetector}) get the same pipeline as on an {@link HttpServer}'s own port, behind the port's
 * handlers. Spoken under ALPN {@code h2} and {@code http/1.1}; reads the same options as {@link HttpServer}.
 */
final class HttpAdopter implements ChannelAdopter {

    private final TransportContext context;
    private final ServerConfig config;
    private final HttpOptions options;
    private final ProcessorTable processors;
    private final ConnectionCounter connections;
    private final ChannelGroup channels = new DefaultChannelGroup("http-adopted", ImmediateEventExecutor.INSTANCE, true);
    private final HttpDrain drain = new HttpDrain();
    private volatile HttpChannelInitializer pipeline;

    /** @throws IllegalArgumentException naming an option that is out of range */
    HttpAdopter(TransportContext context, ServerConfig config) {
        this.context = context;
        this.config = config;
        this.options = HttpOptions.from(config);
        this.processors = new ProcessorTable(context.metrics());
        this.connections = context.metrics().connections(ProtocolType.HTTP);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.HTTP;
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
        pipeline = HttpServer.pipeline(context, config, options, processors, Optional.empty(), drain);
    }

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        channels.add(channel);
        channel.pipeline().addLast("connectionMetrics", connections.handler()).addLast(pipeline);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /** Drains the adopted connections as an {@link HttpServer} drains its own, then closes what is left. */
    @Override
    public void closeGracefully(Duration timeout) {
        drain.drain(channels, timeout);
        close();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
    }
}
