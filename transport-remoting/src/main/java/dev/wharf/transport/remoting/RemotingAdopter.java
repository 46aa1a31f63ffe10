package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.NettyAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remoting on a unified port: the fallback, as its frames open with a length and no magic bytes. An adopted
 * channel gets the same pipeline as a connection to a {@link NettyRemotingServer} (idle timeout, frame codec,
 * dispatch to the processors registered here, the negotiation handshake answered) behind the port's own
 * handlers, TLS among them. Reads the same options as {@link NettyRemotingServer}.
 */
final class RemotingAdopter extends NettyAdopter {

    private static final Logger log = LoggerFactory.getLogger(RemotingAdopter.class);

    private final RemotingEndpoint endpoint;
    private final RemotingChannelInitializer pipeline;

    /** @throws IllegalArgumentException when an option has a bad value, naming it */
    RemotingAdopter(TransportContext context, ServerConfig config) {
        super(context, config, ProtocolType.REMOTING);
        this.endpoint = new RemotingEndpoint(processors(), channels());
        this.pipeline = endpoint.channelInitializer(endpoint.serverSettings(config), context.clock(), true,
                Optional.empty());
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
    protected ChannelHandler connectionHandler() {
        return pipeline;
    }

    /** Stops reading requests and waits for those already read to be answered, at most {@code timeout}. */
    @Override
    protected void drainConnections(Duration timeout) {
        int unanswered = endpoint.drainRequests(timeout);
        if (unanswered > 0) {
            log.warn("Remoting on a unified port: {} requests still unanswered after {}, closing their connections",
                    unanswered, timeout);
        }
    }
}
