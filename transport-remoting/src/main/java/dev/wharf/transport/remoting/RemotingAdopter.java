package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remoting on a unified port: the fallback, as its frames open with a length and no magic bytes. An adopted
 * channel gets the same pipeline as a connection to a {@link NettyRemotingServer} (idle timeout, frame codec,
 * dispatch to the processors registered here, the negotiation handshake answered) behind the port's own
 * handlers, TLS among them. Reads the same options as {@link NettyRemotingServer}.
 */
final class RemotingAdopter extends RemotingEndpoint implements ChannelAdopter {

    private static final Logger log = LoggerFactory.getLogger(RemotingAdopter.class);

    private final ChannelSettings settings;
    private final Clock clock;
    private final ConnectionCounter connections;

    /** @throws IllegalArgumentException when an option has a bad value, naming it */
    RemotingAdopter(TransportContext context, ServerConfig config) {
        super("remoting-adopted", new ProcessorTable(context.metrics()));
        this.settings = serverSettings(config);
        this.clock = context.clock();
        this.connections = context.metrics().connections(ProtocolType.REMOTING);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.REMOTING;
    }

    /** None: Remoting is the fallback of a port. */
    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.empty();
    }

    @Override
    public void start() {
        // Nothing to make: connections run on the port's event loops and the processors' executors.
    }

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        channel.pipeline().addLast("connectionMetrics", connections.handler())
                .addLast(channelInitializer(settings, clock, true, Optional.empty()));
        return CompletableFuture.completedFuture(null);
    }

    /** Stops reading requests, waits for those already read to be answered, at most {@code timeout}, then closes. */
    @Override
    public void closeGracefully(Duration timeout) {
        int unanswered = drainRequests(timeout);
        if (unanswered > 0) {
            log.warn("Remoting on a unified port: {} requests still unanswered after {}, closing their connections",
                    unanswered, timeout);
        }
        close();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
    }
}
