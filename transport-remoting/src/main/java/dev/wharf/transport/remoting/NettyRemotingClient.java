package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.NegotiationException;
import dev.wharf.transport.spi.NegotiationOptions;
import dev.wharf.transport.spi.PeerAddress;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.ClientSslContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Apache RocketMQ Remoting client: talks to NameServers, brokers and Wharf gateways by address (read
 * by {@link PeerAddress}: {@code host:port}, or {@code remoting://host:port} to name the protocol).
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
 * <p>With {@link NegotiationOptions#enabled() negotiation} on (what
 * {@code createClient(ProtocolType.AUTO, options)} gives), a new connection to an address without a scheme
 * first negotiates its wire format: a Wharf server picks binary headers and zlib-compressed bodies when
 * both ends allow them; a peer that does not understand, Apache RocketMQ, leaves the connection on plain
 * Remoting with JSON headers. The outcome is remembered per address for the options' cache time, so later
 * connections there open without a handshake; every outcome is counted in {@value #NEGOTIATIONS}. A
 * negotiation that fails fails the call with a {@link NegotiationException}.
 *
 * <pre>{@code
 * try (RemotingClient client = transports.createClient(ProtocolType.AUTO, ClientOptions.defaults())) {
 *     RemotingCommand route = client.invoke("127.0.0.1:9876",
 *             RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", "orders").build(),
 *             Duration.ofSeconds(3)).join();
 * }
 * }</pre>
 */
public final class NettyRemotingClient extends RemotingEndpoint implements RemotingClient {

    /**
     * Counter of negotiations, tagged {@code protocol=remoting} and {@code outcome}: {@code negotiated},
     * {@code fallback} (the peer does not negotiate), {@code cached} (a remembered outcome, no handshake),
     * {@code failed}.
     */
    public static final String NEGOTIATIONS = "wharf.client.negotiations";

    private final Map<String, CompletableFuture<RemotingConnection>> connections = new ConcurrentHashMap<>();
    private final Bootstrap bootstrap;
    private final Optional<SslContext> tls;
    private final Optional<String> serverName;
    /** {@code null} when negotiation is off. */
    private final ClientNegotiator negotiator;
    private volatile boolean closed;

    /**
     * A client that connects lazily, per address, with the timeouts, frame cap, TLS and negotiation of
     * {@code options}.
     *
     * @throws IllegalArgumentException when a TLS file cannot be used, naming it
     */
    public NettyRemotingClient(TransportContext context, ClientOptions options) {
        this(context, options, HandshakeOffer.EVERYTHING);
    }

    /** A client that, when it negotiates, offers only {@code offer}. */
    NettyRemotingClient(TransportContext context, ClientOptions options, HandshakeOffer offer) {
        // Requests a broker sends back (check-backs, notifications) are not what the metrics count.
        super(new ProcessorTable(), new DefaultChannelGroup("remoting-client", ImmediateEventExecutor.INSTANCE));
        this.bootstrap = new Bootstrap()
                .group(context.ioGroup())
                .channel(context.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .handler(channelInitializer(ChannelSettings.of(options), context.clock(), false, Optional.empty()));
        this.tls = options.tls().map(ClientSslContexts::forOptions);
        this.serverName = options.tls().flatMap(settings -> settings.serverName());
        this.negotiator = options.negotiation().enabled()
                ? new ClientNegotiator(offer, options.negotiation(), context.metrics().registry())
                : null;
    }

    /**
     * The timeout counts from this call, connecting (and negotiating) included: what is left of it once
     * connected is how long the response may take. A request flagged oneway gets no response: it is sent as
     * {@link #invokeOneway} sends it and completes with {@code null} once written.
     */
    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        if (request.isOneway()) {
            return invokeOneway(address, request).thenApply(written -> null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        return connection(address).thenCompose(
                connection -> connection.invoke(request, Duration.ofNanos(deadline - System.nanoTime())));
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return connection(address).thenCompose(connection -> connection.send(request));
    }

    /**
     * Closes the connection to {@code address}, if there is one; the next call there opens a new one.
     * Completes when it is closed.
     */
    public CompletableFuture<Void> disconnect(String address) {
        CompletableFuture<RemotingConnection> current = connections.remove(address);
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        return current.handle((connection, failure) -> connection).thenCompose(
                connection -> connection == null ? CompletableFuture.completedFuture(null) : connection.close());
    }

    /** Closes every connection without waiting; later calls fail with {@link RemotingException}. */
    @Override
    public void close() {
        closed = true;
        channels.close();
    }

    /** The open connection to {@code address}, the connect under way to it, or a new connect. */
    CompletableFuture<RemotingConnection> connection(String address) {
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
            connect(address, fresh, true);
        }
        return chosen;
    }

    /** A connect under way, or an established connection that is still open. */
    private static boolean usable(CompletableFuture<RemotingConnection> connection) {
        return !connection.isDone() || (!connection.isCompletedExceptionally() && connection.join().isActive());
    }

    /** @param negotiate false once a handshake went unanswered: the new connection stays on the baseline */
    private void connect(String address, CompletableFuture<RemotingConnection> result, boolean negotiate) {
        PeerAddress peer;
        try {
            peer = remotingPeer(address);
        } catch (IllegalArgumentException e) {
            fail(address, result, e);
            return;
        }
        if (peer.tls() && tls.isEmpty()) {
            fail(address, result, new RemotingConnectException("cannot connect to " + address
                    + ": the address asks for TLS, but this client has no TLS options (ClientOptions.withTls)", null));
            return;
        }
        bootstrap.connect(InetSocketAddress.createUnresolved(peer.host(), peer.port()))
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        fail(address, result, new RemotingConnectException(
                                "cannot connect to " + address + ": " + connected.cause(), connected.cause()));
                        return;
                    }
                    RemotingConnection connection = RemotingConnection.of(connected.channel());
                    secure(address, peer, connection).whenComplete((secured, failure) -> {
                        if (failure != null) {
                            connection.close();
                            fail(address, result, failure);
                        } else {
                            settle(address, peer, connection, result, negotiate);
                        }
                    });
                });
    }

    /** The TLS handshake, when this client speaks TLS; done at once otherwise. */
    private CompletableFuture<Void> secure(String address, PeerAddress peer, RemotingConnection connection) {
        if (tls.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // Added once connected, the handler starts the handshake at once; the frames wait behind it.
        SslHandler handshake = tls.get().newHandler(connection.channel().alloc(), serverName.orElse(peer.host()),
                peer.port());
        connection.channel().pipeline().addFirst("tls", handshake);
        CompletableFuture<Void> done = new CompletableFuture<>();
        handshake.handshakeFuture().addListener(finished -> {
            if (finished.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(new RemotingConnectException(
                        "TLS handshake with " + address + " failed: " + finished.cause(), finished.cause()));
            }
        });
        return done;
    }

    /** Negotiates the wire format when this connection should, then hands it out. */
    private void settle(String address, PeerAddress peer, RemotingConnection connection,
            CompletableFuture<RemotingConnection> result, boolean negotiate) {
        if (negotiator == null || !peer.negotiates() || !negotiate) {
            ready(address, result, connection);
            return;
        }
        negotiator.negotiate(peer.hostAndPort(), connection).whenComplete((outcome, failure) -> {
            if (failure != null) {
                connection.close();
                fail(address, result, failure instanceof CompletionException ? failure.getCause() : failure);
            } else if (outcome == ClientNegotiator.Outcome.RECONNECT) {
                connection.close();
                connect(address, result, false);
            } else {
                ready(address, result, connection);
            }
        });
    }

    /** Hands out a connection that is open and settled on its wire format. */
    private void ready(String address, CompletableFuture<RemotingConnection> result, RemotingConnection connection) {
        connection.closeFuture().addListener(gone -> connections.remove(address, result));
        if (closed) {
            connection.close();
            result.completeExceptionally(new RemotingException("the Remoting client is closed"));
            return;
        }
        result.complete(connection);
    }

    private void fail(String address, CompletableFuture<RemotingConnection> result, Throwable cause) {
        connections.remove(address, result);
        result.completeExceptionally(cause);
    }

    /**
     * The address of a Remoting peer: {@code host:port} or {@code remoting[+tls]://host:port}.
     *
     * @throws IllegalArgumentException for another protocol's scheme or what is no address
     */
    static PeerAddress remotingPeer(String address) {
        PeerAddress peer = PeerAddress.parse(address);
        if (!peer.negotiates() && !peer.protocol().equals(ProtocolType.REMOTING)) {
            throw new IllegalArgumentException("the Remoting client cannot reach " + address + ": it speaks "
                    + ProtocolType.REMOTING + ", not " + peer.protocol() + "; create a client for "
                    + peer.protocol() + " instead");
        }
        return peer;
    }
}
