package dev.wharf.transport.spi;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.Executor;

/**
 * What {@link NettyServer} and {@link NettyAdopter} share: the context and options they were made with, the
 * processors registered on them, and the group of their connections. The group stays closed once closed, so a
 * connection that arrives while they close is closed rather than left behind.
 */
abstract class ChannelEndpoint implements ProcessorRegistry {

    private final TransportContext context;
    private final ServerConfig config;
    private final ProcessorTable processors;
    private final ChannelGroup channels;

    ChannelEndpoint(TransportContext context, ServerConfig config, String groupName) {
        this.context = context;
        this.config = config;
        this.processors = new ProcessorTable(context.metrics());
        this.channels = new DefaultChannelGroup(groupName, ImmediateEventExecutor.INSTANCE, true);
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /** The processors registered here, which the connections dispatch to. */
    protected final ProcessorTable processors() {
        return processors;
    }

    /** The connections open now. */
    protected final ChannelGroup channels() {
        return channels;
    }

    protected final TransportContext context() {
        return context;
    }

    protected final ServerConfig config() {
        return config;
    }
}
