package dev.wharf.gateway.local;

import dev.wharf.transport.spi.ExecutorRegistry;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the one {@link TransportContext} every listener and client of the gateway shares: its I/O
 * event loops use epoll where the native transport loads (Linux), NIO elsewhere.
 *
 * <pre>{@code
 * try (TransportContext context = EventLoops.sharedContext(4)) { ... }
 * }</pre>
 */
public final class EventLoops {

    private EventLoops() {}

    /** A context whose I/O group has {@code threads} event loops. */
    public static TransportContext sharedContext(int threads) {
        ThreadFactory names = ExecutorRegistry.namedDaemonThreads("wharf-io");
        TransportContext.Builder builder = TransportContext.builder();
        if (Epoll.isAvailable()) {
            builder.ioGroup(new MultiThreadIoEventLoopGroup(threads, names, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        } else {
            builder.ioGroup(new MultiThreadIoEventLoopGroup(threads, names, NioIoHandler.newFactory()),
                    NioServerSocketChannel.class, NioSocketChannel.class);
        }
        return builder.build();
    }

    /** {@code epoll} or {@code nio}: what {@link #sharedContext(int)} uses on this machine, for the log. */
    public static String transportName() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }
}
