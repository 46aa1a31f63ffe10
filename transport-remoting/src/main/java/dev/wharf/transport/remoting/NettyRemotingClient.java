package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.NegotiationException;
import dev.wharf.transport.spi.NegotiationOptions;
import dev.wharf.transport.spi.PeerAddress;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.ClientSslContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Apache RocketMQ Remoting client: talks to NameServers, brokers and Wharf gateways by address (read
 * by {@link PeerAddress}: {@code host:port}, or {@code remoting://host:port} to name the protocol).
 *
 * <p>It keeps one connection per address, opened on first use (concurrent callers share the connect)
 * and opened again on the first use after it closed. Requests sent by the server on that connection
 * (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED…) go to the processors registered on this
 * client.
 *
 * <p>With {@link ClientOptions#withChannelPerOrigin channel per origin} (what a gateway in front of RocketMQ
 * brokers uses, since a broker knows its clients by connection), a command sent with an origin
 * ({@link #invoke(RequestContext, String, RemotingCommand, Duration)}) goes over a connection to the address
 * kept for that origin's connection alone, opened the same way; the server's requests on it are relayed to the
 * origin ({@link OriginRelay}), and it closes with the origin's connection (or when idle). Those connections
 * are bounded by the options; one more fails its command with SYSTEM_BUSY. It runs on the context's shared event loops; futures complete on them, so dependent stages
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

    private static final Runnable NOTHING = () -> { };

    /** The connections commands without an origin share, one per address. */
    private final ChannelTable shared = new ChannelTable();
    /** {@code null} unless {@link ClientOptions#channelPerOrigin()}. */
    private final OriginChannels origins;
    private final Bootstrap bootstrap;
    private final EventLoopGroup ioGroup;
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
        this.ioGroup = context.ioGroup();
        this.bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(context.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .handler(channelInitializer(ChannelSettings.of(options), context.clock(), false, Optional.empty()));
        this.tls = options.tls().map(ClientSslContexts::forOptions);
        this.serverName = options.tls().flatMap(settings -> settings.serverName());
        this.origins = options.channelPerOrigin() ? new OriginChannels(options.maxOriginChannels()) : null;
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
        return invoke(null, address, request, timeout);
    }

    /**
     * As {@link #invoke(String, RemotingCommand, Duration)}; with {@link ClientOptions#channelPerOrigin()}, over
     * the connection to {@code address} opened for {@code origin}'s connection alone, whose server requests go
     * to that connection. Opening it fails the call with SYSTEM_BUSY when the options' maximum of such
     * connections are open, and with {@link RemotingException} when the origin's connection has closed.
     */
    @Override
    public CompletableFuture<RemotingCommand> invoke(
            RequestContext origin, String address, RemotingCommand request, Duration timeout) {
        Connection onBehalfOf = origins != null && origin != null ? origin.connection() : null;
        if (request.isOneway()) {
            return connection(onBehalfOf, address).thenCompose(connection -> connection.send(request))
                    .thenApply(written -> null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        return connection(onBehalfOf, address).thenCompose(
                connection -> connection.invoke(request, Duration.ofNanos(deadline - System.nanoTime())));
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return connection(address).thenCompose(connection -> connection.send(request));
    }

    /**
     * Closes the shared connection to {@code address}, if there is one; the next call there opens a new one.
     * Completes when it is closed.
     */
    public CompletableFuture<Void> disconnect(String address) {
        CompletableFuture<RemotingConnection> current = shared.byAddress.remove(address);
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

    /** The open shared connection to {@code address}, the connect under way to it, or a new connect. */
    CompletableFuture<RemotingConnection> connection(String address) {
        return connection(null, address);
    }

    /** As {@link #connection(String)}, among {@code origin}'s connections; the shared ones when it is null. */
    CompletableFuture<RemotingConnection> connection(Connection origin, String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RemotingException("the Remoting client is closed"));
        }
        ChannelTable table = origin == null ? shared : origins.of(origin);
        if (table.isClosed()) {
            return CompletableFuture.failedFuture(originClosed(origin));
        }
        CompletableFuture<RemotingConnection> cached = table.byAddress.get(address);
        if (cached != null && usable(cached)) {
            return cached;
        }
        Runnable release = origin == null ? NOTHING : origins.take();
        if (release == null) {
            return CompletableFuture.failedFuture(new RemotingCommandException(ResponseCode.SYSTEM_BUSY,
                    "cannot open a connection to " + address + " for connection " + origin.id() + ": all "
                            + origins.max() + " connections this client may open for origins are open"
                            + " (ClientOptions.withChannelPerOrigin)"));
        }
        CompletableFuture<RemotingConnection> fresh = new CompletableFuture<>();
        CompletableFuture<RemotingConnection> chosen = table.byAddress.compute(
                address, (key, current) -> current != null && usable(current) ? current : fresh);
        if (chosen == fresh) {
            connect(new Attempt(table, address, origin, fresh, release), true);
        } else {
            release.run();
        }
        return chosen;
    }

    /** How many connections are open or connecting on behalf of origins. */
    int originConnections() {
        return origins == null ? 0 : origins.open();
    }

    /** A connect under way, or an established connection that is still open. */
    private static boolean usable(CompletableFuture<RemotingConnection> connection) {
        return !connection.isDone() || (!connection.isCompletedExceptionally() && connection.join().isActive());
    }

    /**
     * One connect into a table, for an origin or none: {@code release} gives back what it took of the limit
     * once the connect failed or the connection closed.
     */
    private record Attempt(ChannelTable table, String address, Connection origin,
            CompletableFuture<RemotingConnection> result, Runnable release) {
    }

    /** @param negotiate false once a handshake went unanswered: the new connection stays on the baseline */
    private void connect(Attempt attempt, boolean negotiate) {
        String address = attempt.address();
        PeerAddress peer;
        try {
            peer = remotingPeer(address);
        } catch (IllegalArgumentException e) {
            fail(attempt, e);
            return;
        }
        if (peer.tls() && tls.isEmpty()) {
            fail(attempt, new RemotingConnectException("cannot connect to " + address
                    + ": the address asks for TLS, but this client has no TLS options (ClientOptions.withTls)", null));
            return;
        }
        bootstrapFor(attempt).connect(InetSocketAddress.createUnresolved(peer.host(), peer.port()))
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        fail(attempt, new RemotingConnectException(
                                "cannot connect to " + address + ": " + connected.cause(), connected.cause()));
                        return;
                    }
                    RemotingConnection connection = RemotingConnection.of(connected.channel());
                    if (attempt.origin() != null) {
                        // Before anything is read: the server's first request may follow the first command.
                        OriginRelay.bind(connection, attempt.origin());
                    }
                    secure(address, peer, connection).whenComplete((secured, failure) -> {
                        if (failure != null) {
                            connection.close();
                            fail(attempt, failure);
                        } else {
                            settle(attempt, peer, connection, negotiate);
                        }
                    });
                });
    }
    /**
     * An origin's connection is registered on the event loop that asks for it, when that is one of this client's
     * loops: a front protocol serves the origin there (an inline gRPC send, a Remoting frame), so relaying its
     * commands and the broker's answers never wakes another thread, as in Netty's proxy example. Elsewhere, and for
     * shared connections, the group picks a loop.
     */
    private Bootstrap bootstrapFor(Attempt attempt) {
        if (attempt.origin() != null) {
            for (EventExecutor loop : ioGroup) {
                if (loop.inEventLoop() && loop instanceof EventLoop eventLoop) {
                    return bootstrap.clone(eventLoop);
                }
            }
        }
        return bootstrap;
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
    private void settle(Attempt attempt, PeerAddress peer, RemotingConnection connection, boolean negotiate) {
        if (negotiator == null || !peer.negotiates() || !negotiate) {
            ready(attempt, connection);
            return;
        }
        negotiator.negotiate(peer.hostAndPort(), connection).whenComplete((outcome, failure) -> {
            if (failure != null) {
                connection.close();
                fail(attempt, failure instanceof CompletionException ? failure.getCause() : failure);
            } else if (outcome == ClientNegotiator.Outcome.RECONNECT) {
                connection.close();
                connect(attempt, false);
            } else {
                ready(attempt, connection);
            }
        });
    }

    /**
     * Hands out a connection that is open and settled on its wire format; it leaves its table, and gives back
     * its place, when it closes.
     */
    private void ready(Attempt attempt, RemotingConnection connection) {
        connection.closeFuture().whenComplete((gone, failure) -> {
            attempt.table().byAddress.remove(attempt.address(), attempt.result());
            attempt.release().run();
        });
        if (closed || attempt.table().isClosed()) {
            connection.close();
            attempt.result().completeExceptionally(closed
                    ? new RemotingException("the Remoting client is closed")
                    : originClosed(attempt.origin()));
            return;
        }
        attempt.result().complete(connection);
    }

    private static void fail(Attempt attempt, Throwable cause) {
        attempt.table().byAddress.remove(attempt.address(), attempt.result());
        attempt.release().run();
        attempt.result().completeExceptionally(cause);
    }

    private static RemotingException originClosed(Connection origin) {
        return new RemotingException("connection " + origin.id() + " closed: nothing more is sent on its behalf");
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
