package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.TransportContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Apache RocketMQ Remoting client: talks to NameServers, brokers and Wharf gateways by
 * {@code "host:port"}.
 *
 * <p>It keeps one connection per address, opened on first use (concurrent callers share the connect)
 * and opened again on the first use after it closed. Requests sent by the server on that connection
 * (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED…) go to the processors registered on this
 * client. It runs on the context's shared event loops; futures complete on them, so dependent stages
 * must not block.
 *
 * <pre>{@code
 * try (RemotingClient client = new NettyRemotingClient(context, ClientOptions.defaults())) {
 *     RemotingCommand route = client.invoke("127.0.0.1:9876",
 *             RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", "orders").build(),
 *             Duration.ofSeconds(3)).join();
 * }
 * }</pre>
 */
public final class NettyRemotingClient extends RemotingEndpoint implements RemotingClient {

    private final Map<String, CompletableFuture<RemotingConnection>> connections = new ConcurrentHashMap<>();
    private final Bootstrap bootstrap;
    private volatile boolean closed;

    /** A client that connects lazily, per address, with the timeouts and frame cap of {@code options}. */
    public NettyRemotingClient(TransportContext context, ClientOptions options) {
        // Requests a broker sends back (check-backs, notifications) are not what the metrics count.
        super("remoting-client", new ProcessorTable());
        this.bootstrap = new Bootstrap()
                .group(context.ioGroup())
                .channel(context.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .handler(channelInitializer(ChannelSettings.of(options), context.clock(), false));
    }

    /**
     * The timeout counts from this call, connecting included: what is left of it once connected is
     * how long the response may take.
     */
    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return connection(address).thenCompose(
                connection -> connection.invoke(request, Duration.ofNanos(deadline - System.nanoTime())));
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return connection(address).thenCompose(connection -> connection.send(request));
    }

    /** Closes every connection without waiting; later calls fail with {@link RemotingException}. */
    @Override
    public void close() {
        closed = true;
        channels.close();
    }

    /** The open connection to {@code address}, the connect under way to it, or a new connect. */
    private CompletableFuture<RemotingConnection> connection(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RemotingException("the Remoting client is closed"));
        }
        CompletableFuture<RemotingConnection> cached = connections.get(address);
        if (cached != null && usable(cached)) {
            return cached;
        }
        CompletableFuture<RemotingConnection> fresh = new CompletableFuture<>();
        CompletableFuture<RemotingConnection> chosen = connections.compute(
                address, (key, current) -> current != null && usable(current) ? current : fresh);
        if (chosen == fresh) {
            connect(address, fresh);
        }
        return chosen;
    }

    /** A connect under way, or an established connection that is still open. */
    private static boolean usable(CompletableFuture<RemotingConnection> connection) {
        return !connection.isDone() || (!connection.isCompletedExceptionally() && connection.join().isActive());
    }

    private void connect(String address, CompletableFuture<RemotingConnection> result) {
        InetSocketAddress remote;
        try {
            remote = socketAddress(address);
        } catch (IllegalArgumentException e) {
            connections.remove(address, result);
            result.completeExceptionally(e);
            return;
        }
        bootstrap.connect(remote).addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                connections.remove(address, result);
                result.completeExceptionally(new RemotingConnectException(
                        "cannot connect to " + address + ": " + connected.cause(), connected.cause()));
                return;
            }
            Channel channel = connected.channel();
            channel.closeFuture().addListener(gone -> connections.remove(address, result));
            if (closed) {
                channel.close();
                result.completeExceptionally(new RemotingException("the Remoting client is closed"));
                return;
            }
            result.complete(RemotingConnection.of(channel));
        });
    }

    /** {@code host:port}, {@code [v6]:port} or {@code v6:port}; resolved by the bootstrap when it connects. */
    static InetSocketAddress socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("a Remoting address is host:port, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Remoting address is host:port, got '" + address + "'", e);
        }
    }
}
