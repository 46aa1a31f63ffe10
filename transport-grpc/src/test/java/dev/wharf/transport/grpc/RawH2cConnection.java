package dev.wharf.transport.grpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One plaintext HTTP/2 connection driven frame by frame: for what grpc-java's client does not do on
 * demand, such as pinging more often than every 10 s, and for seeing what it hides: a GOAWAY, the server's
 * SETTINGS and the PINGs the server sends.
 */
final class RawH2cConnection implements AutoCloseable {

    /** A finished call: its headers blocks (response headers, then trailers) and its body. */
    record Reply(List<Http2Headers> headers, byte[] body) {

        Http2Headers trailers() {
            return headers.get(headers.size() - 1);
        }

        /** The body's single gRPC message, without its five-byte prefix. */
        byte[] message() {
            byte[] message = new byte[body.length - 5];
            System.arraycopy(body, 5, message, 0, message.length);
            return message;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Long, CompletableFuture<Void>> pingAcks = new ConcurrentHashMap<>();
    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final CompletableFuture<String> goAway = new CompletableFuture<>();
    private final CompletableFuture<Http2Settings> serverSettings = new CompletableFuture<>();
    private final AtomicInteger serverPings = new AtomicInteger();
    private Channel channel;
    private Http2ConnectionHandler http2;

    static RawH2cConnection open(InetSocketAddress address) throws InterruptedException {
        RawH2cConnection connection = new RawH2cConnection();
        connection.connect(address);
        return connection;
    }

    private void connect(InetSocketAddress address) throws InterruptedException {
        http2 = new Http2ConnectionHandlerBuilder().server(false).frameListener(new Listener()).build();
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(http2);
                    }
                })
                .connect(address).sync().channel();
        // A call the server drops with the connection fails at once rather than at its caller's timeout.
        channel.closeFuture().addListener(closed -> calls.values()
                .forEach(call -> call.reply.completeExceptionally(new ClosedChannelException())));
    }

    /** Sends a PING and waits for its acknowledgement, or for the server to go away instead. */
    void ping(long payload, Duration timeout) throws Exception {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        pingAcks.put(payload, ack);
        channel.eventLoop().execute(() -> {
            ChannelHandlerContext ctx = channel.pipeline().context(http2);
            http2.encoder().writePing(ctx, false, payload, ctx.newPromise());
            channel.flush();
        });
        CompletableFuture.anyOf(ack, goAway).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A unary gRPC call on a new stream of this connection. */
    CompletableFuture<Reply> unary(String method, Map<String, String> metadata, byte[] message) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            ChannelHandlerContext ctx = channel.pipeline().context(http2);
            int stream = http2.connection().local().incrementAndGetNextStreamId();
            calls.put(stream, new Call(reply));
            Http2Headers headers = new DefaultHttp2Headers()
                    .method("POST").scheme("http").authority("localhost").path(method)
                    .set("content-type", "application/grpc")
                    .set("te", "trailers");
            metadata.forEach(headers::set);
            ByteBuf body = ctx.alloc().buffer(5 + message.length).writeByte(0).writeInt(message.length).writeBytes(message);
            http2.encoder().writeHeaders(ctx, stream, headers, 0, false, ctx.newPromise());
            http2.encoder().writeData(ctx, stream, body, 0, true, ctx.newPromise());
            // Through the pipeline, so the HTTP/2 handler writes the DATA its flow controller holds.
            channel.flush();
        });
        return reply;
    }

    /** Completes with the debug text of a GOAWAY the server sent, if it sends one. */
    CompletableFuture<String> goAway() {
        return goAway;
    }

    /** The first SETTINGS frame the server sent. */
    CompletableFuture<Http2Settings> serverSettings() {
        return serverSettings;
    }

    /** How many PINGs (not acknowledgements of ours) the server has sent so far. */
    int serverPings() {
        return serverPings.get();
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Call {
        final CompletableFuture<Reply> reply;
        final List<Http2Headers> headers = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Call(CompletableFuture<Reply> reply) {
            this.reply = reply;
        }

        void ended() {
            reply.complete(new Reply(List.copyOf(headers), body.toByteArray()));
        }
    }

    private final class Listener extends Http2FrameAdapter {

        @Override
        public void onPingAckRead(ChannelHandlerContext ctx, long data) {
            CompletableFuture<Void> ack = pingAcks.remove(data);
            if (ack != null) {
                ack.complete(null);
            }
        }

        @Override
        public void onPingRead(ChannelHandlerContext ctx, long data) {
            serverPings.incrementAndGet();
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
            serverSettings.complete(settings);
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            goAway.complete(debugData.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endOfStream) {
            Call call = calls.get(streamId);
            call.headers.add(headers);
            if (endOfStream) {
                call.ended();
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            Call call = calls.get(streamId);
            call.body.writeBytes(ByteBufUtil.getBytes(data));
            if (endOfStream) {
                call.ended();
            }
            return data.readableBytes() + padding;
        }
    }
}
