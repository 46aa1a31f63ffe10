package dev.wharf.transport.http2;

import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ChannelCloseStage;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.tls.TlsPeer;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.DefaultAttributeMap;
import java.net.SocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP client connection as the broker sees it: every request of the connection (every HTTP/2 stream)
 * carries it. HTTP is request and response only, so the broker cannot push to it; pushes fail at once.
 */
public final class HttpConnection extends DefaultAttributeMap implements Connection {

    private static final AttributeKey<HttpConnection> KEY = AttributeKey.valueOf(HttpConnection.class, "connection");
    private static final AtomicLong IDS = new AtomicLong();

    private final Channel channel;
    private final String id;
    private final CompletionStage<Void> closed;

    private HttpConnection(Channel channel) {
        this.channel = channel;
        this.closed = ChannelCloseStage.of(channel);
        this.id = "http-" + IDS.incrementAndGet();
    }

    /** The connection of {@code channel}: a TCP channel, or an HTTP/2 stream's, whose parent is the TCP one. */
    public static HttpConnection of(Channel channel) {
        Channel socket = channel.parent() != null && !(channel.parent() instanceof io.netty.channel.ServerChannel)
                ? channel.parent()
                : channel;
        HttpConnection existing = socket.attr(KEY).get();
        if (existing != null) {
            return existing;
        }
        HttpConnection made = new HttpConnection(socket);
        HttpConnection raced = socket.attr(KEY).setIfAbsent(made);
        return raced != null ? raced : made;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.HTTP;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ClientAddress.of(channel);
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    /** The verified client certificate of a mutual-TLS connection. */
    @Override
    public Optional<Principal> tlsPeer() {
        return TlsPeer.of(channel).map(Principal.class::cast);
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "HTTP clients cannot be sent commands; " + id + " only makes requests"));
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "HTTP clients cannot be sent commands; " + id + " only makes requests"));
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(done -> closed.complete(null));
        return closed;
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closed;
    }

    @Override
    public String toString() {
        return id + " " + remoteAddress();
    }
}
