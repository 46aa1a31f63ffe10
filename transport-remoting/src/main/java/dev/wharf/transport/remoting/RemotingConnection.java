package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ChannelConnection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.SerializeType;
import dev.wharf.transport.tls.TlsPeer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Remoting peer behind one Netty channel, on the server side (a client connected to us) and on the
 * client side (a server we connected to) alike. Its attributes are the channel's.
 *
 * <p>Requests leave with an opaque from this connection's own counter; responses complete the matching
 * {@link #invoke} future on the channel's event loop, so dependent stages must not block (use the
 * {@code *Async} variants for slow work). When the channel closes every waiting request fails with
 * {@link RemotingConnectException}.
 *
 * <p>It writes in its {@link WireFormat}, the baseline until a negotiation switches it: requests it sends
 * take the format's header encoding, and every frame leaving it compresses its body if the format says so.
 */
final class RemotingConnection extends ChannelConnection {

    private static final AttributeKey<RemotingConnection> KEY =
            AttributeKey.valueOf(RemotingConnection.class, "connection");
    private final AtomicInteger opaques = new AtomicInteger();
    private final PendingResponses pending;
    private volatile WireFormat wireFormat = WireFormat.BASELINE;
    /** Whether to start compressing once the peer does: a server's end, when it accepts compression. */
    private volatile boolean compressLikePeer;

    private RemotingConnection(Channel channel) {
        super(channel, ProtocolType.REMOTING);
        this.pending = new PendingResponses(channel.eventLoop(), this);
        channel.closeFuture().addListener(closed -> pending.failAll(
                () -> new RemotingConnectException("connection " + this + " closed before the response", null)));
    }

    /** Makes the connection of a registered channel and keeps it in the channel's attributes. */
    static RemotingConnection attach(Channel channel) {
        RemotingConnection connection = new RemotingConnection(channel);
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The connection {@link #attach} made for {@code channel}. */
    static RemotingConnection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** The format of {@code channel}'s connection, the baseline for a channel without one. */
    static WireFormat wireFormatOf(Channel channel) {
        RemotingConnection connection = of(channel);
        return connection == null ? WireFormat.BASELINE : connection.wireFormat;
    }

    WireFormat wireFormat() {
        return wireFormat;
    }

    /** Switches this end to {@code format}: what a negotiation, or its remembered outcome, settles. */
    void use(WireFormat format) {
        wireFormat = format;
    }

    /**
     * Makes this end compress its bodies as soon as the peer sends a compressed one. A client that
     * negotiated with this server before opens later connections compressed without a handshake; this is
     * how the server's end follows.
     */
    void compressLikePeer() {
        compressLikePeer = true;
    }

    /** Called by the decoder for each compressed frame from the peer. */
    void peerCompressed() {
        WireFormat current = wireFormat;
        if (compressLikePeer && current.compression() == BodyCompression.NONE) {
            wireFormat = current.withCompression(BodyCompression.ZLIB);
        }
    }

    /** The client certificate TLS verified, a {@link TlsPeer}; empty for plaintext or a client without one. */
    @Override
    public Optional<Principal> tlsPeer() {
        return TlsPeer.of(channel()).map(Principal.class::cast);
    }

    /**
     * Sends a request as oneway, with an opaque of this connection; a response (a processor answering
     * through this method) goes out untouched.
     */
    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        RemotingCommand outgoing = command.isResponse()
                ? command
                : command.toBuilder()
                        .opaque(opaques.incrementAndGet())
                        .oneway()
                        .serializeType(headersOf(command))
                        .build();
        return asCompletable(write(outgoing));
    }

    /** Sends {@code request} with an opaque of this connection and waits for the response carrying it. */
    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        int opaque = opaques.incrementAndGet();
        CompletableFuture<RemotingCommand> response = pending.register(opaque, request.code(), timeout);
        SerializeType headers = headersOf(request);
        RemotingCommand outgoing = headers == request.serializeType()
                ? request.withOpaque(opaque)
                : request.toBuilder().opaque(opaque).serializeType(headers).build();
        write(outgoing).addListener(written -> {
            if (!written.isSuccess()) {
                pending.fail(opaque, new RemotingConnectException(
                        "cannot send to " + this + ": " + written.cause(), written.cause()));
            }
        });
        return response;
    }

    @Override
    public CompletableFuture<Void> close() {
        return asCompletable(channel().close());
    }

    /** The header encoding a request of ours leaves in: the negotiated one, or by default the caller's. */
    private SerializeType headersOf(RemotingCommand request) {
        SerializeType negotiated = wireFormat.headers();
        return negotiated == WireFormat.BASELINE.headers() ? request.serializeType() : negotiated;
    }

    /** Writes a command as it is: how responses to the peer's requests leave. */
    ChannelFuture write(RemotingCommand command) {
        return channel().writeAndFlush(command);
    }

    /** Hands a response from the peer to the request waiting for it; false when none does. */
    boolean complete(RemotingCommand response) {
        return pending.complete(response);
    }

    private CompletableFuture<Void> asCompletable(ChannelFuture future) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        future.addListener(finished -> {
            if (finished.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(new RemotingConnectException(
                        "connection " + this + " failed: " + finished.cause(), finished.cause()));
            }
        });
        return done;
    }
}
