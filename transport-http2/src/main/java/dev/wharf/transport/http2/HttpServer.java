package dev.wharf.transport.http2;

import dev.wharf.messaging.admin.Admin;
import dev.wharf.transport.http2.endpoints.ApiRoutes;
import dev.wharf.transport.http2.pipeline.ApiService;
import dev.wharf.transport.http2.pipeline.HttpChannelInitializer;
import dev.wharf.transport.http2.pipeline.HttpDrain;
import dev.wharf.transport.http2.pipeline.PipelineSettings;
import dev.wharf.transport.http2.pipeline.TokenCheck;
import dev.wharf.transport.spi.NettyServer;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.tls.ServerSslContexts;
import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API server: HTTP/2 and HTTP/1.1 on the shared event loops, each request's JSON and translation on
 * the bounded {@value HttpOptions#POOL} pool, every operation dispatched as Remoting commands on the
 * processors registered here. Plaintext unless the {@code tls.mode} option is set; then TLS as
 * {@link TlsOptions} describe it (permissive: TLS and plaintext on the port). {@link #shutdownGracefully} drains
 * the connections ({@link HttpDrain}): requests in progress are answered, event streams end, HTTP/2 connections
 * get GOAWAY, HTTP/1.1 answers carry {@code Connection: close}.
 *
 * <pre>{@code
 * HttpServer server = new HttpServer(context, ServerConfig.of("0.0.0.0", 8082).withOption("tokens", "s3cret"));
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
public final class HttpServer extends NettyServer {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final HttpOptions options;
    private final Optional<TlsSupport> tls;
    private final HttpDrain drain = new HttpDrain();

    /** @throws IllegalArgumentException naming a listener option that is out of range */
    public HttpServer(TransportContext context, ServerConfig config) {
        super(context, config, "HTTP server");
        this.options = HttpOptions.from(config);
        this.tls = TlsOptions.configured(config)
                ? Optional.of(TlsSupport.fromOptions(config, List.of(ServerSslContexts.H2, "http/1.1"), context.clock()))
                : Optional.empty();
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return pipeline(context(), config(), options, processors(), tls, drain);
    }

    @Override
    protected void started(InetSocketAddress address) {
        tls.ifPresent(served -> served.startReloading(context()));
        log.info("HTTP server listening on {}", address);
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
    protected void drainConnections(Duration timeout) {
        warnStillOpen(drain.drain(channels(), timeout), timeout);
    }

    @Override
    protected void stopped() {
        tls.ifPresent(TlsSupport::close);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.HTTP;
    }
}
