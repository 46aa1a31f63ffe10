package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A protocol's side of a unified port: a server of the protocol that binds nothing and serves the
 * connections the port hands it. The port accepts, peels the layers it owns (a PROXY protocol header, TLS
 * with SNI and ALPN), asks the {@link #detector() detectors} which protocol the connection speaks, and calls
 * {@link #adopt(Channel)} on the winner. Providers make one with
 * {@link TransportProvider#newAdopter(TransportContext, ServerConfig)}; its {@link ServerConfig} carries the
 * listener's options without the {@code tls.*} ones, since TLS is already done when a channel arrives.
 *
 * <p>Adopting means: on the channel's event loop, add this protocol's handlers at the end of the channel's
 * pipeline (the port's own handlers, an {@code SslHandler} among them, stay in front), then complete the
 * returned stage. Only then are the bytes the port read while detecting passed on to the new handlers, so
 * nothing is lost or reordered; an adopter that needs another thread to set up may complete later. The
 * client's address is {@link ClientAddress#of(Channel)} (the PROXY header's when the port reads them) and,
 * after TLS, the {@code SslHandler} in the pipeline holds the session and the negotiated ALPN protocol.
 *
 * <pre>{@code
 * final class StompAdopter implements ChannelAdopter {
 *     private final ProcessorTable processors = new ProcessorTable(context.metrics());
 *     public ProtocolType protocol() { return ProtocolType.of("stomp"); }
 *     public Optional<ProtocolDetector> detector() { return Optional.of(new StompDetector()); }
 *     public void start() { }
 *     public CompletionStage<Void> adopt(Channel channel) {
 *         channel.pipeline().addLast(context.metrics().connections(protocol()).handler(),
 *                 new StompFrameDecoder(), new StompHandler(processors));
 *         return CompletableFuture.completedFuture(null);
 *     }
 *     public void registerProcessor(int code, RequestProcessor p, Executor e) { processors.registerProcessor(code, p, e); }
 *     public void registerDefaultProcessor(RequestProcessor p, Executor e) { processors.registerDefaultProcessor(p, e); }
 *     public void close() { }
 * }
 * }</pre>
 */
public interface ChannelAdopter extends ProcessorRegistry, AutoCloseable {

    ProtocolType protocol();

    /** How this protocol is recognised; empty for the port's fallback, the protocol with no magic bytes. */
    Optional<ProtocolDetector> detector();

    /**
     * The ALPN names this protocol is spoken under over TLS ({@code h2}, {@code http/1.1}); a connection that
     * negotiated one of them is offered only to the adopters that list it. Empty for a protocol spoken over
     * TLS without ALPN.
     */
    default List<String> applicationProtocols() {
        return List.of();
    }

    /** Makes ready to adopt: pools, services. Binds nothing. */
    void start();

    /**
     * Serves {@code channel} from now on, called on its event loop with the port's handlers in its pipeline;
     * see the class description. A stage that fails closes the channel.
     */
    CompletionStage<Void> adopt(Channel channel);

    /**
     * Drains the connections it adopted, then {@link #close() closes}: each finishes the requests it already read,
     * in this protocol's terms, for at most {@code timeout}, and nothing new is served. The port calls it when
     * its listener is removed at run time, after it stopped accepting, so no connection is adopted meanwhile;
     * returns once every adopted connection is closed. The default closes at once; an adopter keeping its
     * channels in a group drains them with {@link ConnectionDrain#drain} and handles the {@link DrainEvent}
     * in its pipeline.
     */
    default void closeGracefully(Duration timeout) {
        close();
    }

    /** Closes the connections it adopted and stops. Idempotent. */
    @Override
    void close();
}
