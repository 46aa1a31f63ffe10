package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.ClientSslContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 * <p>With {@link ClientOptions#tls()} every connection is TLS: the server's certificate checked against a
 * CA bundle (and its host name, or the configured server name, which is also sent as SNI) or, for
 * development, trusted blindly; a client certificate shown for mutual TLS. A connection is handed out once
 * its handshake is done; a failed handshake fails the call with {@link RemotingConnectException}.
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
    private final Optional<SslContext> tls;
    private final Optional<String> serverName;
    private volatile boolean closed;

    /**
     * A client that connects lazily, per address, with the timeouts, frame cap and TLS of {@code options}.
     *
     * @throws IllegalArgumentException when a TLS file cannot be used, naming it
     */
    public NettyRemotingClient(TransportContext context, ClientOptions options) {
        // Requests a broker sends back (check-backs, notifications) are not what the metrics count.
        super("remoting-client", new ProcessorTable());
        this.bootstrap = new Bootstrap()
                .group(context.ioGroup())
                .channel(context.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .handler(channelInitializer(ChannelSettings.of(options), context.clock(), false, Optional.empty()));
        this.tls = options.tls().map(ClientSslContexts::forOptions);
        this.serverName = options.tls().flatMap(settings -> settings.serverName());
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
            if (tls.isEmpty()) {
                result.complete(RemotingConnection.of(channel));
                return;
            }
            // Added once connected, the handler starts the handshake at once; the frames wait behind it.
            SslHandler handshake = tls.get().newHandler(channel.alloc(), serverName.orElse(remote.getHostString()),
                    remote.getPort());
            channel.pipeline().addFirst("tls", handshake);
            handshake.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    result.complete(RemotingConnection.of(channel));
                } else {
                    channel.close();
                    result.completeExceptionally(new RemotingConnectException(
                            "TLS handshake with " + address + " failed: " + done.cause(), done.cause()));
                }
            });
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
