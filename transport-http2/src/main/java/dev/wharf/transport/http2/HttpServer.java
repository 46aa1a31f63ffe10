package dev.wharf.transport.http2;

import dev.wharf.messaging.admin.Admin;
import dev.wharf.transport.http2.endpoints.ApiRoutes;
import dev.wharf.transport.http2.pipeline.ApiService;
import dev.wharf.transport.http2.pipeline.HttpChannelInitializer;
import dev.wharf.transport.http2.pipeline.HttpDrain;
import dev.wharf.transport.http2.pipeline.PipelineSettings;
import dev.wharf.transport.http2.pipeline.TokenCheck;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.tls.ServerSslContexts;
import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API server: HTTP/2 and HTTP/1.1 on the shared event loops, each request's JSON and translation on
 * the bounded {@value HttpOptions#POOL} pool, every operation dispatched as Remoting commands on the
 * processors registered here. Plaintext unless the {@code tls.mode} option is set; then TLS as
 * {@link TlsOptions} describe it (permissive: TLS and plaintext on the port).
 *
 * <pre>{@code
 * HttpServer server = new HttpServer(context, ServerConfig.of("0.0.0.0", 8082).withOption("tokens", "s3cret"));
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
public final class HttpServer implements RemotingServer {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final TransportContext context;
    private final ServerConfig config;
    private final HttpOptions options;
    private final Optional<TlsSupport> tls;
    private final ProcessorTable processors;
    private final ChannelGroup channels = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE, true);
    private final HttpDrain drain = new HttpDrain();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Channel listener;

    /** @throws IllegalArgumentException naming a listener option that is out of range */
    public HttpServer(TransportContext context, ServerConfig config) {
        this.context = context;
        this.config = config;
        this.options = HttpOptions.from(config);
        this.processors = new ProcessorTable(context.metrics());
        this.tls = TlsOptions.configured(config)
                ? Optional.of(TlsSupport.fromOptions(config, List.of(ServerSslContexts.H2, "http/1.1"), context.clock()))
                : Optional.empty();
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    @Override
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("an HTTP server starts once");
        }
        HttpChannelInitializer pipeline = pipeline(context, config, options, processors, tls, drain);
        ChannelFuture bound = new ServerBootstrap()
                .group(context.ioGroup())
                .channel(context.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(context.metrics().connections(ProtocolType.HTTP).counting(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channels.add(channel);
                        channel.pipeline().addLast(pipeline);
                    }
                }))
                .bind(config.host(), config.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot bind the HTTP server to " + config.host() + ":" + config.port(), bound.cause());
        }
        listener = bound.channel();
        tls.ifPresent(served -> served.startReloading(context));
        log.info("HTTP server listening on {}", listener.localAddress());
    }

    /**
     * The pipeline of this transport's connections, on dedicated and unified ports alike: the API's routes
     * over {@code processors}, run on the {@value HttpOptions#POOL} pool, taking part in {@code drain}.
     */
    static HttpChannelInitializer pipeline(TransportContext context, ServerConfig config, HttpOptions options,
            ProcessorTable processors, Optional<TlsSupport> tls, HttpDrain drain) {
        ExecutorService pool = context.executors().getOrCreate(HttpOptions.POOL, options.businessThreads(),
                options.businessQueue());
        MessagingService messaging = context.messaging(processors, config);
        ApiService service = new ApiService(ApiRoutes.of(messaging, new Admin(processors), options,
                context.metrics().exposition()),
                new TokenCheck(options.tokens()), pool);
        return new HttpChannelInitializer(new PipelineSettings(options, service, context.clock(), drain), tls);
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Channel bound = listener;
        if (bound != null) {
            bound.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
        tls.ifPresent(TlsSupport::close);
    }

    /**
     * Closes the listening socket and drains the connections ({@link HttpDrain}): requests in progress are
     * answered, event streams end, HTTP/2 connections get GOAWAY, HTTP/1.1 answers carry {@code Connection: close};
     * what is still open after {@code timeout} is closed.
     */
    @Override
    public void shutdownGracefully(Duration timeout) {
        Channel bound = listener;
        if (stopped.get() || bound == null) {
            shutdown();
            return;
        }
        bound.close().awaitUninterruptibly();
        int left = drain.drain(channels, timeout);
        if (left > 0) {
            log.warn("HTTP server on {}: {} connections still busy after {}, closing them", bound.localAddress(), left,
                    timeout);
        }
        shutdown();
    }

    @Override
    public InetSocketAddress localAddress() {
        Channel bound = listener;
        if (bound == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return (InetSocketAddress) bound.localAddress();
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.HTTP;
    }
}
