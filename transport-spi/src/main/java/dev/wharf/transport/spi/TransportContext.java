package dev.wharf.transport.spi;

import dev.wharf.transport.spi.local.LocalEndpoints;
import dev.wharf.transport.spi.messaging.MessagingFactory;
import dev.wharf.transport.spi.messaging.MessagingService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What every transport shares: one set of I/O event loops, the registry of business pools, the
 * in-process endpoints, the metrics, the clock and the {@link #messaging messaging service} for protocols whose
 * clients are not RocketMQ clients. Providers take their threads from here and make none
 * of their own for I/O, and record into {@link #metrics()}: their {@link ProcessorTable} built with it,
 * their connections counted by its {@link TransportMetrics#connections(ProtocolType) counter}.
 *
 * <pre>{@code
 * try (TransportContext context = TransportContext.builder()
 *         .ioGroup(group, EpollServerSocketChannel.class, EpollSocketChannel.class)
 *         .meterRegistry(prometheus)
 *         .metricsExposition(MetricsExposition.of("text/plain; version=0.0.4; charset=utf-8", prometheus::scrape))
 *         .build()) {
 *     RemotingServer server = provider.newServer(context, ServerConfig.of("0.0.0.0", 8080));
 *     ...
 * }
 * }</pre>
 */
public final class TransportContext implements AutoCloseable {

    private final EventLoopGroup ioGroup;
    private final Class<? extends ServerChannel> serverChannelType;
    private final Class<? extends Channel> channelType;
    private final ChannelOption<Boolean> reusePort;
    private final ExecutorRegistry executors;
    private final LocalEndpoints localEndpoints;
    private final TransportMetrics metrics;
    private final Clock clock;
    private final MessagingFactory messagingFactory;

    private TransportContext(Builder builder) {
        this.ioGroup = builder.ioGroup != null
                ? builder.ioGroup
                : new MultiThreadIoEventLoopGroup(
                        builder.ioThreads, ExecutorRegistry.namedDaemonThreads("wharf-io"), NioIoHandler.newFactory());
        this.serverChannelType = builder.serverChannelType;
        this.channelType = builder.channelType;
        this.reusePort = builder.reusePort;
        this.executors = new ExecutorRegistry();
        this.localEndpoints = new LocalEndpoints();
        this.metrics = new TransportMetrics(
                builder.meterRegistry != null ? builder.meterRegistry : new SimpleMeterRegistry(), builder.exposition);
        this.clock = builder.clock;
        this.messagingFactory = builder.messagingFactory != null
                ? builder.messagingFactory
                : ServiceLoader.load(MessagingFactory.class, TransportContext.class.getClassLoader()).findFirst()
                        .orElse(null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The shared I/O event loops: accept, read and write for every server and client. */
    public EventLoopGroup ioGroup() {
        return ioGroup;
    }

    public Class<? extends ServerChannel> serverChannelType() {
        return serverChannelType;
    }

    public Class<? extends Channel> channelType() {
        return channelType;
    }

    /**
     * The server channels' {@code SO_REUSEPORT} option, when listeners bind one socket per event loop
     * ({@link Builder#socketPerLoop}); empty when each listener binds one socket.
     */
    public Optional<ChannelOption<Boolean>> reusePort() {
        return Optional.ofNullable(reusePort);
    }

    public ExecutorRegistry executors() {
        return executors;
    }

    /** Processor tables reachable by the in-process client, by address. */
    public LocalEndpoints localEndpoints() {
        return localEndpoints;
    }

    /**
     * The process's meters and their exposition. Without {@link Builder#meterRegistry} a private in-memory
     * registry that nothing exports.
     */
    public TransportMetrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * A messaging service whose commands go to {@code processors}, the listener's own table, checking
     * publications against the limits in {@code config}: how HTTP, WebSocket and plugin transports publish and
     * consume.
     *
     * @throws IllegalStateException when the context has no {@link MessagingFactory}: none was given to the
     *     builder and none is on the class path
     */
    public MessagingService messaging(ProcessorTable processors, ServerConfig config) {
        if (messagingFactory == null) {
            throw new IllegalStateException("this transport context has no MessagingFactory: give one to "
                    + "TransportContext.Builder.messagingFactory or put wharf-messaging-commands on the class path");
        }
        return messagingFactory.create(processors, config, clock);
    }

    /** Stops the business pools, then the event loops. */
    @Override
    public void close() {
        executors.shutdown(Duration.ofSeconds(5));
        ioGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Builds a {@link TransportContext}; NIO with one loop per core unless told otherwise. */
    public static final class Builder {
        private EventLoopGroup ioGroup;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private Class<? extends ServerChannel> serverChannelType = NioServerSocketChannel.class;
        private Class<? extends Channel> channelType = NioSocketChannel.class;
        private ChannelOption<Boolean> reusePort;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meterRegistry;
        private MetricsExposition exposition = MetricsExposition.notExported();
        private MessagingFactory messagingFactory;

        private Builder() {}

        /** Uses an existing group, with the channel types that fit its I/O handler (NIO, epoll…). */
        public Builder ioGroup(
                EventLoopGroup group,
                Class<? extends ServerChannel> serverChannelType,
                Class<? extends Channel> channelType) {
            this.ioGroup = Objects.requireNonNull(group, "group");
            this.serverChannelType = Objects.requireNonNull(serverChannelType, "serverChannelType");
            this.channelType = Objects.requireNonNull(channelType, "channelType");
            return this;
        }

        /**
         * Listeners bind one socket per event loop to their port, each with {@code reusePort} (the server channel
         * type's {@code SO_REUSEPORT}): the kernel spreads new connections over the sockets, and each connection is
         * read on the loop that accepted it, with no hand-off to another thread on the way to its first request.
         */
        public Builder socketPerLoop(ChannelOption<Boolean> reusePort) {
            this.reusePort = Objects.requireNonNull(reusePort, "reusePort");
            return this;
        }

        /** Thread count of the NIO group made when no group is given. */
        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The process's registry; the caller closes it after the context. Default: an in-memory one. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** How the registry's values are served to a scraper. Default: {@link MetricsExposition#notExported()}. */
        public Builder metricsExposition(MetricsExposition exposition) {
            this.exposition = Objects.requireNonNull(exposition, "exposition");
            return this;
        }

        /**
         * How {@link TransportContext#messaging} makes services. Default: the first {@link MessagingFactory}
         * registered with {@link ServiceLoader} on the class path of this SPI, if any.
         */
        public Builder messagingFactory(MessagingFactory factory) {
            this.messagingFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public TransportContext build() {
            return new TransportContext(this);
        }
    }
}
