package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.NettyServer;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port for several protocols. Each accepted connection is peeled layer by layer: an optional PROXY
 * protocol header ({@value UnifiedOptions#PROXY_PROTOCOL}; when on, its client address is the connection's),
 * TLS by the {@code tls.*} options (permissive, enforcing, SNI, mutual TLS, ALPN offering what the protocols
 * speak), then the protocols' {@link dev.wharf.transport.spi.ProtocolDetector detectors} in priority order,
 * with the one protocol without a detector (Remoting) as the fallback. The winner's {@link ChannelAdopter}
 * takes the connection with the bytes read so far. A connection whose protocol is not known within
 * {@value UnifiedOptions#DETECTION_TIMEOUT} (default 10 s) is closed.
 *
 * <p>It knows the protocols only through the SPI: the adopters come from each provider's
 * {@link dev.wharf.transport.spi.TransportProvider#newAdopter newAdopter}, made with
 * {@link #protocolConfig(ServerConfig)}. Protocols that cannot be told apart by their sample openings fail
 * construction, before anything is bound.
 *
 * <pre>{@code
 * ServerConfig port = ServerConfig.of("0.0.0.0", 8080).withOption("tls.mode", "permissive");
 * List<ChannelAdopter> adopters = providers.stream()
 *         .map(p -> p.newAdopter(context, UnifiedServer.protocolConfig(port)).orElseThrow())
 *         .toList();
 * RemotingServer server = new UnifiedServer(context, port, adopters);
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
public final class UnifiedServer extends NettyServer {

    /** The port's own options, which a listener of several protocols takes besides theirs and {@code tls.*}. */
    public static final List<OptionSpec> PORT_OPTIONS = List.of(OptionSpec.duration(UnifiedOptions.DETECTION_TIMEOUT,
            "10s", "how long a new connection may take to show its protocol, TLS handshake included"));

    private static final Logger log = LoggerFactory.getLogger(UnifiedServer.class);

    private final List<ChannelAdopter> adopters;
    private final UnifiedOptions options;
    private final DetectorTable table;
    private final Optional<TlsSupport> tls;

    /**
     * A port for {@code adopters}, not yet bound.
     *
     * @throws IllegalArgumentException when the protocols cannot share a port (two fallbacks, detectors that
     *     claim the same bytes) or an option or TLS file cannot be used, naming it
     */
    public UnifiedServer(TransportContext context, ServerConfig config, List<ChannelAdopter> adopters) {
        super(context, config, name(adopters));
        this.adopters = List.copyOf(adopters);
        this.options = UnifiedOptions.from(config);
        this.table = new DetectorTable(this.adopters);
        this.tls = TlsOptions.configured(config)
                ? Optional.of(TlsSupport.fromOptions(config, table.applicationProtocols(), context.clock()))
                : Optional.empty();
    }

    /** The options the protocols behind a port get: the port's own ones and the {@code tls.*} ones removed. */
    public static ServerConfig protocolConfig(ServerConfig port) {
        return UnifiedOptions.forProtocols(port);
    }

    /** Every protocol of the port gets it: the port has no processors of its own. */
    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        adopters.forEach(adopter -> adopter.registerProcessor(code, processor, executor));
    }

    /** Every protocol of the port gets it: the port has no processors of its own. */
    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        adopters.forEach(adopter -> adopter.registerDefaultProcessor(processor, executor));
    }

    /** Starts the protocols, then peels each accepted connection ({@link UnifiedChannelInitializer}). */
    @Override
    protected ChannelHandler connectionHandler() {
        adopters.forEach(ChannelAdopter::start);
        return new UnifiedChannelInitializer(options, tls, table);
    }

    /** None: a connection is counted by the protocol that adopts it. */
    @Override
    protected Optional<ConnectionCounter> connectionCounter() {
        return Optional.empty();
    }

    @Override
    protected void bindFailed() {
        adopters.forEach(ChannelAdopter::close);
    }

    @Override
    protected void started(InetSocketAddress address) {
        tls.ifPresent(served -> served.startReloading(context()));
        log.info("{} listening on {} (TLS {}, PROXY protocol {})", protocol(), address,
                tls.map(served -> served.mode().toString()).orElse("off"), options.proxyProtocol() ? "on" : "off");
    }

    /**
     * Closes the connections still being detected (they have no request under way), and lets every protocol drain
     * the connections it adopted, in parallel, each for at most {@code timeout} ({@link ChannelAdopter#closeGracefully}).
     */
    @Override
    protected void drainConnections(Duration timeout) {
        for (Channel channel : channels()) {
            // On the channel's loop, so that a detection finishing meanwhile is either done (adopted) or not.
            channel.eventLoop().execute(() -> {
                if (channel.pipeline().get(DetectionDeadline.NAME) != null) {
                    channel.close();
                }
            });
        }
        CompletableFuture.allOf(adopters.stream()
                .map(adopter -> CompletableFuture.runAsync(() -> adopter.closeGracefully(timeout)))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Lets each protocol close its connections, then closes those still being detected. */
    @Override
    protected void closeConnections() {
        adopters.forEach(ChannelAdopter::close);
        super.closeConnections();
    }

    @Override
    protected void stopped() {
        tls.ifPresent(TlsSupport::close);
    }

    /** The protocols of the port joined with {@code +}, as the configuration lists them: {@code remoting+grpc}. */
    @Override
    public ProtocolType protocol() {
        return ProtocolType.of(joined(adopters));
    }

    /** What the port is called in messages: {@code remoting+grpc port}. */
    private static String name(List<ChannelAdopter> adopters) {
        if (adopters.isEmpty()) {
            throw new IllegalArgumentException("a unified port needs at least one protocol");
        }
        return joined(adopters) + " port";
    }

    private static String joined(List<ChannelAdopter> adopters) {
        return adopters.stream().map(adopter -> adopter.protocol().name()).collect(Collectors.joining("+"));
    }
}
