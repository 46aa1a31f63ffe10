package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Connection} behind one Netty channel: what every such connection answers the same way. Its id is the
 * protocol's name and a number unique in the process ({@code http-7}), its client is {@link ClientAddress#of}
 * the channel (a PROXY header's address where the port reads them), its attributes are the channel's, and closing
 * it closes the channel. A protocol adds how commands reach its client ({@link #send}, {@link #invoke}) and,
 * with transport-tls, the verified {@link #tlsPeer()}.
 *
 * <pre>{@code
 * final class StompConnection extends ChannelConnection {
 *     StompConnection(Channel channel) {
 *         super(channel, ProtocolType.of("stomp"));
 *     }
 *     public CompletableFuture<Void> send(RemotingCommand command) {
 *         return completion(channel().writeAndFlush(StompFrames.message(command)));
 *     }
 *     public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
 *         return CompletableFuture.failedFuture(new UnsupportedOperationException("STOMP clients answer nothing"));
 *     }
 * }
 * }</pre>
 */
public abstract class ChannelConnection implements Connection {

    private static final AtomicLong IDS = new AtomicLong();

    private final Channel channel;
    private final ProtocolType protocol;
    private final String id;
    private final CompletionStage<Void> closed;

    protected ChannelConnection(Channel channel, ProtocolType protocol) {
        this.channel = channel;
        this.protocol = protocol;
        this.id = protocol.name() + "-" + IDS.incrementAndGet();
        this.closed = ChannelCloseStage.of(channel);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ProtocolType protocol() {
        return protocol;
    }

    @Override
    public final SocketAddress remoteAddress() {
        return ClientAddress.of(channel);
    }

    @Override
    public final SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<Void> close() {
        return completion(channel.close());
    }

    @Override
    public final CompletionStage<Void> closeFuture() {
        return closed;
    }

    @Override
    public final <T> Attribute<T> attr(AttributeKey<T> key) {
        return channel.attr(key);
    }

    @Override
    public final <T> boolean hasAttr(AttributeKey<T> key) {
        return channel.hasAttr(key);
    }

    @Override
    public String toString() {
        return id + "[" + remoteAddress() + "]";
    }

    /** The channel the connection is. */
    public final Channel channel() {
        return channel;
    }

    /** Completes with {@code future}: normally when it succeeds, exceptionally with its cause when it fails. */
    protected static CompletableFuture<Void> completion(ChannelFuture future) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        future.addListener(finished -> {
            if (finished.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(finished.cause());
            }
        });
        return done;
    }
}
