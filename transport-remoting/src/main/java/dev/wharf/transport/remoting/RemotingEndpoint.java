package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ProcessorRegistry;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.group.ChannelGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What the Remoting server, adopter and client share: either end serves the requests its peer sends with its
 * processors, keeps its channels in one group to close them together, and counts the requests being served. The
 * client is one; the server and the adopter, which extend the SPI's {@code NettyServer} and {@code NettyAdopter},
 * have one over their processors and channel group.
 */
class RemotingEndpoint implements ProcessorRegistry {

    private final ProcessorTable processors;
    /** Channels leave the group by themselves when they close. */
    final ChannelGroup channels;
    /** The peer's requests being served, until their answers are written. */
    private final InFlightRequests inFlight = new InFlightRequests();

    /**
     * @param processors a server's records metrics, a client's does not
     * @param channels every channel of this end joins it
     */
    RemotingEndpoint(ProcessorTable processors, ChannelGroup channels) {
        this.processors = processors;
        this.channels = channels;
    }

    @Override
    public final void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public final void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /**
     * A server end's channel settings from its options; it answers the negotiation handshake itself unless
     * the options turn that off.
     */
    final ChannelSettings serverSettings(ServerConfig config) {
        Optional<NegotiationProcessor> negotiation = NegotiationProcessor.fromOptions(config);
        // Direct executor: the answer is a few comparisons, made on the event loop that read the request.
        negotiation.ifPresent(processor -> registerProcessor(RequestCode.WHARF_NEGOTIATE, processor, Runnable::run));
        return ChannelSettings.of(config).withCompressLikePeer(negotiation
                .map(processor -> processor.accepted().compressions().contains(BodyCompression.ZLIB))
                .orElse(false));
    }

    /**
     * Stops reading requests from this end's channels and waits until those already read are answered, at most
     * {@code timeout}; an interrupt ends the wait early and is kept.
     *
     * @return how many requests are still unanswered
     */
    final int drainRequests(Duration timeout) {
        channels.forEach(channel -> channel.config().setAutoRead(false));
        try {
            inFlight.awaitNone(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return inFlight.count();
    }

    /** The pipeline of this end's channels, serving the peer's requests with this end's processors. */
    final RemotingChannelInitializer channelInitializer(
            ChannelSettings settings, Clock clock, boolean pauseReadingWhileUnwritable, Optional<TlsSupport> tls) {
        return new RemotingChannelInitializer(
                settings, processors, clock, channels, inFlight, pauseReadingWhileUnwritable, tls);
    }
}
