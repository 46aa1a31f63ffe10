package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.NettyServer;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apache RocketMQ Remoting server: accepts the official {@code rocketmq-client} (4.9.x and 5.x) and
 * any other Remoting peer, decodes JSON and binary headers, runs each request on the processor
 * registered for its code, and writes the answer back unless the request was oneway. Processors push
 * toward a client through the request's {@link dev.wharf.transport.spi.Connection}.
 *
 * <p>It counts its connections and requests in the context's {@link TransportContext#metrics() metrics}
 * under the protocol {@code remoting}. It runs on the context's shared event loops and makes no threads
 * of its own. Options, all
 * optional: {@value #MAX_FRAME_LENGTH_OPTION} (bytes, default 16 MiB) and {@value #IDLE_TIMEOUT_OPTION}
 * (ISO-8601 or milliseconds, default {@code PT120S}; zero never closes idle connections). A malformed
 * frame closes only the connection it came on.
 *
 * <p>With any {@code tls.*} option ({@link TlsOptions}: mode, certificates, SNI, mutual TLS) it serves TLS
 * as they say, through {@link TlsSupport}: {@code enforcing} closes a plaintext client before a byte of
 * it is decoded; certificate files are reloaded when they change. Without one it is plaintext only, as
 * Apache RocketMQ's Remoting port is. A client's verified certificate is its connection's
 * {@link dev.wharf.transport.spi.Connection#tlsPeer() tlsPeer()}.
 *
 * <p>It answers Wharf's negotiation handshake ({@link dev.wharf.transport.spi.RequestCode#WHARF_NEGOTIATE})
 * itself, with the highest common choice, unless {@value #NEGOTIATION_OPTION} is {@code false}: then the
 * handshake goes to the processors like any request, and with none registered for it the client reads
 * REQUEST_CODE_NOT_SUPPORTED, as from Apache RocketMQ, and falls back. {@value #NEGOTIATION_HEADERS_OPTION}
 * (default {@code ROCKETMQ,JSON}) and {@value #NEGOTIATION_COMPRESSION_OPTION} (default {@code zlib,none})
 * narrow what it accepts.
 *
 * <pre>{@code
 * RemotingServer server = new NettyRemotingServer(context, ServerConfig.of("0.0.0.0", 10911)
 *         .withOption(NettyRemotingServer.IDLE_TIMEOUT_OPTION, "PT60S"));
 * server.registerProcessor(RequestCode.HEART_BEAT, heartbeats, context.executors().getOrCreate("client", 2, 10_000));
 * server.start();
 * }</pre>
 */
public final class NettyRemotingServer extends NettyServer {

    /** Option: the largest frame accepted from a client, in bytes, length field included. */
    public static final String MAX_FRAME_LENGTH_OPTION = "maxFrameLength";
    /** Option: how long a connection may stay without traffic before it is closed. */
    public static final String IDLE_TIMEOUT_OPTION = "idleTimeout";
    /** Option: {@code false} turns the negotiation handshake off; default {@code true}. */
    public static final String NEGOTIATION_OPTION = NegotiationProcessor.ENABLED_OPTION;
    /** Option: the header encodings a negotiation may choose, comma-separated: {@code ROCKETMQ}, {@code JSON}. */
    public static final String NEGOTIATION_HEADERS_OPTION = NegotiationProcessor.HEADERS_OPTION;
    /** Option: the body compressions a negotiation may choose, comma-separated: {@code zlib}, {@code none}. */
    public static final String NEGOTIATION_COMPRESSION_OPTION = NegotiationProcessor.COMPRESSION_OPTION;
    /** RocketMQ's own idle limit for client channels. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /** The options a Remoting server (and a unified port's Remoting side) reads besides {@code tls.*}. */
    public static final List<OptionSpec> SCHEMA = List.of(
            OptionSpec.integer(MAX_FRAME_LENGTH_OPTION, "16777216", "largest frame accepted, in bytes"),
            OptionSpec.duration(IDLE_TIMEOUT_OPTION, "120s", "a connection without traffic this long is closed"),
            OptionSpec.bool(NEGOTIATION_OPTION, "true", "false answers the handshake as Apache RocketMQ does"),
            OptionSpec.string(NEGOTIATION_HEADERS_OPTION, "ROCKETMQ,JSON", "header encodings a negotiation may choose"),
            OptionSpec.string(NEGOTIATION_COMPRESSION_OPTION, "zlib,none", "body compressions a negotiation may choose"));

    private static final Logger log = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final RemotingEndpoint endpoint;
    private final ChannelSettings settings;
    private final Optional<TlsSupport> tls;

    /**
     * A server that is configured but not started.
     *
     * @throws IllegalArgumentException when an option has a bad value or a TLS file cannot be used, naming it
     */
    public NettyRemotingServer(TransportContext context, ServerConfig config) {
        super(context, config, "Remoting server");
        this.endpoint = new RemotingEndpoint(processors(), channels());
        this.tls = TlsOptions.configured(config)
                ? Optional.of(TlsSupport.fromOptions(config, List.of(), context.clock()))
                : Optional.empty();
        this.settings = endpoint.serverSettings(config);
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return endpoint.channelInitializer(settings, context().clock(), true, tls);
    }

    @Override
    protected void started(InetSocketAddress address) {
        tls.ifPresent(served -> served.startReloading(context()));
        log.info("Remoting server listening on {}{}", address, tls.map(served -> ", TLS " + served.mode()).orElse(""));
    }

    /**
     * Stops reading requests from the open connections and waits for the requests already read to be answered
     * (their answers written), at most {@code timeout}.
     */
    @Override
    protected void drainConnections(Duration timeout) {
        int unanswered = endpoint.drainRequests(timeout);
        if (unanswered > 0) {
            log.warn("Remoting server on {}: {} requests still unanswered after {}, closing their connections",
                    localAddress(), unanswered, timeout);
        }
    }

    @Override
    protected void stopped() {
        tls.ifPresent(TlsSupport::close);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.REMOTING;
    }
}
