package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * TLS for one listener, as its {@code tls.*} options ({@link TlsOptions}) ask: the mode, the server's
 * {@link SslContext} (certificate per SNI host name, client certificates for mutual TLS, ALPN), the
 * {@link TlsModeHandler} that goes first in each accepted connection's pipeline, and the reloading of the
 * certificate files when they change. After the handler has stepped aside, a TLS connection has an
 * {@link SslHandler} in its place and the transport's handlers behind it see decrypted bytes; the
 * negotiated ALPN protocol is the transport's to read (Netty's {@code ApplicationProtocolNegotiationHandler})
 * and the client's verified certificate is {@link TlsPeer#of(io.netty.channel.Channel)}.
 *
 * <p>Made when the listener is, it reads and checks the configured files then (a file that cannot be used fails
 * the listener's start); the context, a development certificate and OpenSSL are built when the first TLS client
 * arrives, off the event loops, while that client's bytes wait ({@link DeferredTlsMaterial}). A listener no TLS
 * client connects to never builds them.
 *
 * <pre>{@code
 * TlsSupport tls = TlsSupport.fromOptions(config, List.of("h2", "http/1.1"), context.clock());
 * bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
 *     protected void initChannel(SocketChannel channel) {
 *         tls.install(channel.pipeline());
 *         channel.pipeline().addLast(new MyProtocolHandler());
 *     }
 * });
 * tls.startReloading(context);   // when the listener starts
 * tls.close();                   // when it stops
 * }</pre>
 */
public final class TlsSupport implements AutoCloseable {

    /** How long a new connection may take to send its first bytes; a TLS handshake then has its own limit. */
    public static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(10);
    /** The name {@link #install} gives the {@link TlsModeHandler}. */
    public static final String HANDLER_NAME = "tls-mode";
    /** The pool changed certificate files are read again on, off the event loops. */
    public static final String RELOAD_POOL = "tls-reload";

    private final TlsMode mode;
    private final Optional<DeferredTlsMaterial> material;
    private final Duration reloadInterval;
    private final Duration detectionTimeout;
    /** What {@link #newHandler()} hands a connection to, shared by all of them. */
    private final TlsModeHandler.Handoff sslHandlerHandoff = waitingForTls((protocol, channel) ->
            protocol == SniffedProtocol.TLS
                    ? Optional.of(sslContext().orElseThrow().newHandler(channel.alloc()))
                    : Optional.empty());
    private volatile TlsFileWatcher watcher;

    private TlsSupport(TlsMode mode, Optional<DeferredTlsMaterial> material, Duration reloadInterval,
            Duration detectionTimeout) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.material = Objects.requireNonNull(material, "material");
        this.reloadInterval = Objects.requireNonNull(reloadInterval, "reloadInterval");
        this.detectionTimeout = Objects.requireNonNull(detectionTimeout, "detectionTimeout");
    }

    /** {@link #fromOptions(ServerConfig, List, Clock)} on the system clock. */
    public static TlsSupport fromOptions(ServerConfig config, List<String> alpn) {
        return fromOptions(config, alpn, Clock.systemUTC());
    }

    /**
     * TLS as {@code config}'s {@code tls.*} options describe it, with the configured certificates or a
     * development one, both served from the first TLS client on.
     *
     * @param alpn the application protocols to negotiate, preferred first, e.g. {@code List.of("h2", "http/1.1")};
     *     empty for none
     * @throws IllegalArgumentException when an option is wrong or a certificate, key or CA file cannot be used,
     *     naming it
     */
    public static TlsSupport fromOptions(ServerConfig config, List<String> alpn, Clock clock) {
        return forOptions(TlsOptions.from(config), alpn, clock);
    }

    /** TLS as already-read {@code options} describe it; see {@link #fromOptions(ServerConfig, List, Clock)}. */
    public static TlsSupport forOptions(TlsOptions options, List<String> alpn, Clock clock) {
        return forOptions(options, alpn, clock, DeferredTlsMaterial::startThread);
    }

    /** As {@link #forOptions(TlsOptions, List, Clock)}, building the TLS material on {@code builder}. */
    static TlsSupport forOptions(TlsOptions options, List<String> alpn, Clock clock, Executor builder) {
        Optional<DeferredTlsMaterial> material = options.mode() == TlsMode.DISABLED
                ? Optional.empty()
                : Optional.of(new DeferredTlsMaterial(options, alpn, clock, builder));
        return new TlsSupport(options.mode(), material, options.reloadInterval(), DETECTION_TIMEOUT);
    }

    public TlsMode mode() {
        return mode;
    }

    /**
     * The server's TLS context for the next handshake; empty when the mode is disabled or no TLS client has had
     * it built yet ({@link #loadSslContext()}). A reloaded CA bundle brings a new one (certificates reload within
     * the same), so ask for each connection.
     */
    public Optional<SslContext> sslContext() {
        return material.flatMap(DeferredTlsMaterial::ifBuilt).map(ServerTlsMaterial::sslContext);
    }

    /**
     * Builds the TLS material on the first call, off the event loops, and completes once it is there (at once
     * afterwards); after a failure the next call tries again. Then {@link #sslContext()} has the context.
     *
     * @return fails with {@link IllegalStateException} when the mode is disabled, or with what stopped the build
     */
    public CompletionStage<?> loadSslContext() {
        return material.<CompletionStage<?>>map(DeferredTlsMaterial::built)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException("TLS is disabled")));
    }

    public Duration detectionTimeout() {
        return detectionTimeout;
    }

    /**
     * Watches the certificate, key and CA files on {@code context}'s event loops and reloads them on its
     * {@value #RELOAD_POOL} pool; see {@link #startReloading(ScheduledExecutorService, Executor)}.
     */
    public void startReloading(TransportContext context) {
        startReloading(context.ioGroup(), context.executors().getOrCreate(RELOAD_POOL, 1, 16));
    }

    /**
     * From now on, certificate, key and CA files that change on disk are read again and served to the
     * connections that follow, while open ones keep theirs; a file that cannot be used logs an ERROR and
     * changes nothing. Does nothing without files to watch, when {@code tls.reloadInterval} is zero, or
     * when already watching.
     *
     * @param scheduler where the files are looked at, every {@code tls.reloadInterval}
     * @param worker where they are read when they changed
     */
    public synchronized void startReloading(ScheduledExecutorService scheduler, Executor worker) {
        if (watcher != null || material.isEmpty() || material.get().files().isEmpty() || reloadInterval.isZero()) {
            return;
        }
        DeferredTlsMaterial served = material.get();
        watcher = new TlsFileWatcher(served.files(), served::reload, worker).start(scheduler, reloadInterval);
    }

    /** Stops watching the files. */
    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Puts a new {@link #newHandler()} first in {@code pipeline}, named {@value #HANDLER_NAME}. */
    public void install(ChannelPipeline pipeline) {
        pipeline.addFirst(HANDLER_NAME, newHandler());
    }

    /**
     * The first handler of one connection: TLS becomes an {@link SslHandler}, any other opening passes on
     * as plaintext, each as the mode allows.
     */
    public ChannelHandler newHandler() {
        return new TlsModeHandler(mode, TlsModeHandler.ANY_PLAINTEXT, sslHandlerHandoff, detectionTimeout);
    }

    /**
     * The first handler of one connection for a transport with its own {@code plaintext} detector and
     * {@code handoff}: a TLS client's bytes wait until {@link #loadSslContext()} is done, so the handoff finds
     * {@link #sslContext()} there.
     */
    public ChannelHandler newHandler(ProtocolDetector plaintext, TlsModeHandler.Handoff handoff) {
        return new TlsModeHandler(mode, plaintext, waitingForTls(handoff), detectionTimeout);
    }

    /** {@code handoff}, asked for a TLS client once the TLS material is built. */
    private TlsModeHandler.Handoff waitingForTls(TlsModeHandler.Handoff handoff) {
        return new TlsModeHandler.Handoff() {
            @Override
            public Optional<ChannelHandler> next(SniffedProtocol protocol, Channel channel) {
                return handoff.next(protocol, channel);
            }

            @Override
            public CompletionStage<?> prepare(SniffedProtocol protocol) {
                return protocol == SniffedProtocol.TLS ? loadSslContext() : handoff.prepare(protocol);
            }
        };
    }

    /** Whether a TLS client had the material built, for tests that check nothing was built before one. */
    boolean built() {
        return material.flatMap(DeferredTlsMaterial::ifBuilt).isPresent();
    }
}
