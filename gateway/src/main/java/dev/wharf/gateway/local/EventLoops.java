package dev.wharf.gateway.local;

import dev.wharf.messaging.CommandMessagingFactory;
import dev.wharf.transport.spi.ExecutorRegistry;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the one {@link TransportContext} every listener and client of the gateway shares: its I/O
 * event loops use epoll where the native transport loads (Linux), NIO elsewhere. With epoll every listener
 * binds a socket per event loop ({@code SO_REUSEPORT}), so a connection is served by the loop that accepted it.
 *
 * <pre>{@code
 * try (PrometheusMetrics metrics = PrometheusMetrics.start();
 *      TransportContext context = EventLoops.sharedContext(4, metrics)) { ... }
 * }</pre>
 */
public final class EventLoops {

    private EventLoops() {}

    /** A context whose I/O group has {@code threads} event loops, for a client: its metrics are not exported. */
    public static TransportContext sharedContext(int threads) {
        return builder(threads).build();
    }

    /** A context whose I/O group has {@code threads} event loops and whose transports record into {@code metrics}. */
    public static TransportContext sharedContext(int threads, PrometheusMetrics metrics) {
        return builder(threads)
                .meterRegistry(metrics.registry())
                .metricsExposition(metrics.exposition())
                .build();
    }

    private static TransportContext.Builder builder(int threads) {
        ThreadFactory names = ExecutorRegistry.namedDaemonThreads("wharf-io");
        TransportContext.Builder builder = TransportContext.builder().messagingFactory(new CommandMessagingFactory());
        if (Epoll.isAvailable()) {
            builder.ioGroup(new MultiThreadIoEventLoopGroup(threads, names, EpollIoHandler.newFactory()),
                            EpollServerSocketChannel.class, EpollSocketChannel.class)
                    .socketPerLoop(EpollChannelOption.SO_REUSEPORT);
        } else {
            builder.ioGroup(new MultiThreadIoEventLoopGroup(threads, names, NioIoHandler.newFactory()),
                    NioServerSocketChannel.class, NioSocketChannel.class);
        }
        return builder;
    }

    /** {@code epoll} or {@code nio}: what {@link #sharedContext(int)} uses on this machine, for the log. */
    public static String transportName() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }
}
