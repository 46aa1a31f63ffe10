package dev.wharf.transport.http2.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP/2 client by prior knowledge, for what the JDK's client hides: it reports the server's GOAWAY and
 * keeps the streams below its last stream id going (the JDK 17 client gives up every stream on GOAWAY).
 */
public final class H2cClient implements AutoCloseable {

    /** One request's stream, as the server answers it. */
    public static final class Stream {
        private final CompletableFuture<Integer> status = new CompletableFuture<>();
        private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile int id;

        public int id() {
            return id;
        }

        public CompletableFuture<Integer> status() {
            return status;
        }

        /** The body's pieces as they arrive. */
        public BlockingQueue<String> data() {
            return data;
        }

        /** Completes at END_STREAM; fails when the stream or the connection closes before. */
        public CompletableFuture<Void> ended() {
            return ended;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<Integer> goAwayLastStreamId = new CompletableFuture<>();
    private final Channel connection;

    public H2cClient(int port) throws InterruptedException {
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new SimpleChannelInboundHandler<Http2GoAwayFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Http2GoAwayFrame goAway) {
                                        goAwayLastStreamId.complete(goAway.lastStreamId());
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    /** The last stream id of the server's GOAWAY, once one came. */
    public CompletableFuture<Integer> goAwayLastStreamId() {
        return goAwayLastStreamId;
    }

    public CompletableFuture<Void> closed() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        connection.closeFuture().addListener(done -> closed.complete(null));
        return closed;
    }

    /** Sends a request on a new stream, with {@code body} as JSON unless null. */
    public Stream request(String method, String path, String body) throws InterruptedException {
        Stream stream = new Stream();
        Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection)
                .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                        boolean end = false;
                        if (frame instanceof Http2HeadersFrame headers) {
                            stream.status.complete(Integer.parseInt(headers.headers().status().toString()));
                            end = headers.isEndStream();
                        } else if (frame instanceof Http2DataFrame data) {
                            stream.data.add(data.content().toString(StandardCharsets.UTF_8));
                            end = data.isEndStream();
                        }
                        if (end) {
                            stream.ended.complete(null);
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        stream.ended.completeExceptionally(new IllegalStateException("stream closed before its end"));
                        stream.status.completeExceptionally(new IllegalStateException("stream closed unanswered"));
                    }
                })
                .open().sync().getNow();
        Http2Headers headers = new DefaultHttp2Headers().method(method).path(path).scheme("http")
                .authority("127.0.0.1");
        if (body == null) {
            channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true)).sync();
        } else {
            headers.set("content-type", "application/json");
            channel.write(new DefaultHttp2HeadersFrame(headers, false));
            channel.writeAndFlush(new DefaultHttp2DataFrame(
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true)).sync();
        }
        stream.id = channel.stream().id();
        return stream;
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
