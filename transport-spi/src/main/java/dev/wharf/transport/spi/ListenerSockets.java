package dev.wharf.transport.spi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The listening sockets of a {@link NettyServer}. One socket accepting for every event loop of the context; or,
 * when the context binds a socket per loop ({@link TransportContext#reusePort()}), one socket per event loop on
 * the same port, each accepting for its own loop, so that a new connection's first request is read on the
 * thread that accepted it instead of waking another.
 *
 * <p>{@code SO_REUSEPORT} would also let a second process of the same user share the port without a word, so a
 * fixed port is first bound plainly and released: a port some process already listens on fails as it would
 * without the option.
 */
final class ListenerSockets {

    private final List<Channel> sockets;

    private ListenerSockets(List<Channel> sockets) {
        this.sockets = List.copyOf(sockets);
    }

    /**
     * Binds {@code host:port} (0 for a free port) for {@code connections}, the handler of each accepted channel.
     *
     * @throws IllegalStateException with the bind's failure as cause when the port cannot be bound
     */
    static ListenerSockets bind(TransportContext context, String host, int port, ChannelHandler connections) {
        List<EventLoop> loops = context.reusePort().isPresent() ? eventLoops(context.ioGroup()) : List.of();
        if (loops.size() < 2) {
            return new ListenerSockets(List.of(bindOne(context, context.ioGroup(), host, port, connections,
                    Optional.empty())));
        }
        if (port != 0) {
            requireNoListener(host, port);
        }
        List<Channel> bound = new ArrayList<>();
        try {
            for (EventLoop loop : loops) {
                int next = bound.isEmpty() ? port : ((InetSocketAddress) bound.get(0).localAddress()).getPort();
                bound.add(bindOne(context, loop, host, next, connections, context.reusePort()));
            }
        } catch (IllegalStateException e) {
            new ListenerSockets(bound).close();
            throw e;
        }
        return new ListenerSockets(bound);
    }

    /** The address the sockets listen on. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) sockets.get(0).localAddress();
    }

    /** How many sockets listen: one, or one per event loop. */
    int count() {
        return sockets.size();
    }

    /** Stops accepting; connections already accepted stay open. */
    void close() {
        sockets.forEach(socket -> socket.close().awaitUninterruptibly());
    }

    private static Channel bindOne(TransportContext context, EventLoopGroup group, String host, int port,
            ChannelHandler connections, Optional<ChannelOption<Boolean>> reusePort) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(context.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(connections);
        reusePort.ifPresent(option -> bootstrap.option(option, true));
        ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(bound.cause());
        }
        return bound.channel();
    }

    /** Every loop of {@code group}, or none when one of its executors is not an event loop. */
    private static List<EventLoop> eventLoops(EventLoopGroup group) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : group) {
            if (!(executor instanceof EventLoop loop)) {
                return List.of();
            }
            loops.add(loop);
        }
        return loops;
    }

    private static void requireNoListener(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
