package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    /** The pool certificate files are read again on, off the event loops. */
    public static final String RELOAD_POOL = "tls-reload";

    private final TlsMode mode;
    private final Optional<ServerTlsMaterial> material;
    private final Duration reloadInterval;
    private final Duration detectionTimeout;
    private volatile TlsFileWatcher watcher;

    private TlsSupport(TlsMode mode, Optional<ServerTlsMaterial> material, Duration reloadInterval,
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
     * development one.
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
        return new TlsSupport(options.mode(), ServerTlsMaterial.load(options, alpn, clock), options.reloadInterval(),
                DETECTION_TIMEOUT);
    }

    public TlsMode mode() {
        return mode;
    }

    /**
     * The server's TLS context for the next handshake; empty when the mode is disabled. A reloaded CA bundle
     * brings a new one (certificates reload within the same), so ask for each connection.
     */
    public Optional<SslContext> sslContext() {
        return material.map(ServerTlsMaterial::sslContext);
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
        ServerTlsMaterial served = material.get();
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
        return new TlsModeHandler(mode, TlsModeHandler.ANY_PLAINTEXT, (protocol, channel) ->
                protocol == SniffedProtocol.TLS
                        ? Optional.of(material.orElseThrow().sslContext().newHandler(channel.alloc()))
                        : Optional.empty(),
                detectionTimeout);
    }

    /** The material behind {@link #sslContext()}, for tests that reload by hand. */
    Optional<ServerTlsMaterial> material() {
        return material;
    }
}
