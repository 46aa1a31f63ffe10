package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ChannelCloseStage;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.tls.TlsPeer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser (or other WebSocket client) behind one channel: the {@link Connection} the broker sees its
 * commands come from, and where the frames toward the client are written — events as JSON text frames, bodies
 * as binary frames, and the close frame that ends the conversation.
 *
 * <p>The broker's pushes toward RocketMQ clients (consumer-list changes, transaction check-backs) mean nothing
 * to a WebSocket client: {@link #send} drops them and {@link #invoke} fails.
 */
final class WebSocketConnection implements Connection {

    /** RFC 6455: a close frame's reason fits in 123 bytes of UTF-8. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    private static final AtomicLong IDS = new AtomicLong();
    private static final AttributeKey<WebSocketConnection> KEY =
            AttributeKey.valueOf(WebSocketConnection.class, "connection");

    private final Channel channel;
    private final String id = "websocket-" + IDS.incrementAndGet();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletionStage<Void> closed;

    private WebSocketConnection(Channel channel) {
        this.channel = channel;
        this.closed = ChannelCloseStage.of(channel);
    }

    /** The connection of a channel whose handshake is done, kept in the channel's attributes. */
    static WebSocketConnection attach(Channel channel) {
        WebSocketConnection connection = new WebSocketConnection(channel);
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The connection {@link #attach} made for {@code channel}; null before its handshake. */
    static WebSocketConnection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    Channel channel() {
        return channel;
    }

    /** Whether a close frame went out: nothing more is sent or served. */
    boolean closing() {
        return closing.get();
    }

    /** Writes one event as a text frame. */
    void event(ObjectNode event) {
        if (!closing()) {
            channel.writeAndFlush(textFrame(event), channel.voidPromise());
        }
    }

    /** Writes an event and, right behind it, the binary frame carrying its body. */
    void eventWithBody(ObjectNode event, byte[] body) {
        if (!closing()) {
            channel.write(textFrame(event), channel.voidPromise());
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(body)), channel.voidPromise());
        }
    }

    /** Sends a close frame with {@code code} and {@code reason}, then closes the channel; later calls do nothing. */
    void close(CloseCode code, String reason) {
        if (closing.compareAndSet(false, true)) {
            channel.writeAndFlush(new CloseWebSocketFrame(code.code(), truncated(reason)))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Answers the client's close frame with its own code and reason, as RFC 6455 §5.5.1 suggests, and closes. */
    void closeEchoing(CloseWebSocketFrame clientClose) {
        if (closing.compareAndSet(false, true)) {
            channel.writeAndFlush(clientClose).addListener(ChannelFutureListener.CLOSE);
        } else {
            clientClose.release();
            channel.close();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.WEBSOCKET;
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
        return channel.isActive() && !closing();
    }

    /** Drops the command: a WebSocket client has no use for the broker's pushes to RocketMQ clients. */
    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("a WebSocket client answers no broker requests"));
    }

    @Override
    public CompletableFuture<Void> close() {
        close(CloseCode.GOING_AWAY, "the server closed the connection");
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(done -> closed.complete(null));
        return closed;
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closed;
    }

    @Override
    public <T> Attribute<T> attr(AttributeKey<T> key) {
        return channel.attr(key);
    }

    @Override
    public <T> boolean hasAttr(AttributeKey<T> key) {
        return channel.hasAttr(key);
    }

    @Override
    public String toString() {
        return id + "[" + remoteAddress() + "]";
    }

    private static TextWebSocketFrame textFrame(ObjectNode event) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(Json.bytes(event)));
    }

    static String truncated(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        // Cut at a character boundary: drop continuation bytes (10xxxxxx) at the cut.
        int end = MAX_CLOSE_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
