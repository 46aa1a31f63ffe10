package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ProcessorRegistry;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What the Remoting server and client share: either end serves the requests its peer sends with the
 * processors registered here, and keeps its channels in one group to close them together.
 */
abstract class RemotingEndpoint implements ProcessorRegistry {

    private final ProcessorTable processors;
    /** Channels leave the group by themselves when they close. */
    final ChannelGroup channels;

    /** @param processors a server's records metrics, a client's does not */
    RemotingEndpoint(String name, ProcessorTable processors) {
        this.processors = processors;
        this.channels = new DefaultChannelGroup(name, ImmediateEventExecutor.INSTANCE);
    }

    @Override
    public final void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public final void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /** The pipeline of this end's channels, serving the peer's requests with this end's processors. */
    final RemotingChannelInitializer channelInitializer(
            ChannelSettings settings, Clock clock, boolean pauseReadingWhileUnwritable, Optional<TlsSupport> tls) {
        return new RemotingChannelInitializer(settings, processors, clock, channels, pauseReadingWhileUnwritable, tls);
    }
}
