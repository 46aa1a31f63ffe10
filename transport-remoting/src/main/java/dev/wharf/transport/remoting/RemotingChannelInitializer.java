package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every Remoting channel, server and client side alike: idle timeout, frame decoder,
 * frame encoder, then the handler that dispatches requests and completes pending invokes. A server with
 * TLS puts its {@link TlsSupport} handler first, so that what its mode refuses never reaches a decoder.
 */
final class RemotingChannelInitializer extends ChannelInitializer<Channel> {

    /** Large enough for a full pull response to leave without stalling, small enough to bound a slow reader. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final ChannelSettings settings;
    private final ProcessorTable processors;
    private final Clock clock;
    private final ChannelGroup channels;
    private final InFlightRequests inFlight;
    private final boolean pauseReadingWhileUnwritable;
    private final Optional<TlsSupport> tls;

    /**
     * @param processors serve the requests the peer sends
     * @param channels every initialised channel joins it, to be closed together
     * @param inFlight counts the peer's requests until they are answered
     * @param pauseReadingWhileUnwritable stop reading from a peer that does not read our answers; only a
     *     server should: if both ends did, two busy ends could wait on each other for ever
     * @param tls a server's TLS; empty for plaintext and on the client side, which adds its own
     */
    RemotingChannelInitializer(
            ChannelSettings settings,
            ProcessorTable processors,
            Clock clock,
            ChannelGroup channels,
            InFlightRequests inFlight,
            boolean pauseReadingWhileUnwritable,
            Optional<TlsSupport> tls) {
        this.settings = settings;
        this.processors = processors;
        this.clock = clock;
        this.channels = channels;
        this.inFlight = inFlight;
        this.pauseReadingWhileUnwritable = pauseReadingWhileUnwritable;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        channels.add(channel);
        RemotingConnection connection = RemotingConnection.attach(channel);
        if (settings.compressLikePeer()) {
            connection.compressLikePeer();
        }
        ChannelPipeline pipeline = channel.pipeline();
        // One system call for many commands: what is written while this channel reads a burst of pipelined
        // requests leaves at the end of the read, and what is written from elsewhere (a gateway relaying the
        // commands another channel just read, business threads answering) at the end of the event loop's
        // current turn, instead of one write each.
        pipeline.addLast("flushConsolidation", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        if (!settings.idleTimeout().isZero()) {
            pipeline.addLast("idleTimeout",
                    new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        if (pauseReadingWhileUnwritable) {
            pipeline.addLast("readPause", PauseReadingWhileUnwritable.INSTANCE);
        }
        pipeline.addLast("frameDecoder", new RemotingFrameDecoder(settings.maxFrameLength()));
        pipeline.addLast("frameEncoder", RemotingFrameEncoder.INSTANCE);
        pipeline.addLast("commands", new RemotingInboundHandler(connection, processors, clock, inFlight));
        tls.ifPresent(server -> server.install(pipeline));
    }
}
