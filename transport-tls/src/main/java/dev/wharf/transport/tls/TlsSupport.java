package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for one listener of a plain Netty transport, as its {@code tls.*} options ({@link TlsOptions}) ask:
 * the mode, the server's {@link SslContext}, and the {@link TlsModeHandler} that goes first in each
 * accepted connection's pipeline. After the handler has stepped aside, a TLS connection has an
 * {@link SslHandler} in its place and the transport's handlers behind it see decrypted bytes; the
 * negotiated ALPN protocol is the transport's to read (Netty's {@code ApplicationProtocolNegotiationHandler}).
 *
 * <pre>{@code
 * TlsSupport tls = TlsSupport.fromOptions(config, List.of("h2", "http/1.1"), context.clock());
 * bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
 *     protected void initChannel(SocketChannel channel) {
 *         tls.install(channel.pipeline());
 *         channel.pipeline().addLast(new MyProtocolHandler());
 *     }
 * });
 * }</pre>
 */
public final class TlsSupport {

    /** How long a new connection may take to send its first bytes; a TLS handshake then has its own limit. */
    public static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(10);
    /** The name {@link #install} gives the {@link TlsModeHandler}. */
    public static final String HANDLER_NAME = "tls-mode";

    private final TlsMode mode;
    private final Optional<SslContext> sslContext;
    private final Duration detectionTimeout;

    /** @param sslContext the server's TLS context; required unless {@code mode} is disabled */
    public TlsSupport(TlsMode mode, Optional<SslContext> sslContext, Duration detectionTimeout) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.detectionTimeout = Objects.requireNonNull(detectionTimeout, "detectionTimeout");
        if (mode != TlsMode.DISABLED && sslContext.isEmpty()) {
            throw new IllegalArgumentException("TLS mode " + mode + " needs an SslContext");
        }
    }

    /** {@link #fromOptions(ServerConfig, List, Clock)} on the system clock. */
    public static TlsSupport fromOptions(ServerConfig config, List<String> alpn) {
        return fromOptions(config, alpn, Clock.systemUTC());
    }

    /**
     * TLS as {@code config}'s {@code tls.*} options describe it, with the configured certificate or a
     * development one.
     *
     * @param alpn the application protocols to negotiate, preferred first, e.g. {@code List.of("h2", "http/1.1")};
     *     empty for none
     * @throws IllegalArgumentException when an option is wrong or the certificate or key cannot be used, naming it
     */
    public static TlsSupport fromOptions(ServerConfig config, List<String> alpn, Clock clock) {
        return forOptions(TlsOptions.from(config), alpn, clock);
    }

    /** TLS as already-read {@code options} describe it; see {@link #fromOptions(ServerConfig, List, Clock)}. */
    public static TlsSupport forOptions(TlsOptions options, List<String> alpn, Clock clock) {
        return new TlsSupport(options.mode(), ServerSslContexts.forOptions(options, alpn, clock), DETECTION_TIMEOUT);
    }

    public TlsMode mode() {
        return mode;
    }

    /** The server's TLS context; empty when the mode is disabled. */
    public Optional<SslContext> sslContext() {
        return sslContext;
    }

    public Duration detectionTimeout() {
        return detectionTimeout;
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
                        ? Optional.of(sslContext.orElseThrow().newHandler(channel.alloc()))
                        : Optional.empty(),
                detectionTimeout);
    }
}
