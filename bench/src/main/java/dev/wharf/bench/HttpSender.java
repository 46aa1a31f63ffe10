package dev.wharf.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes through Wharf's HTTP JSON API ({@code POST /v1/topics/{topic}/messages}, the body base64) over ONE
 * HTTP/2 connection (cleartext with prior knowledge, or TLS with ALPN h2, any certificate accepted): every send
 * is a stream of that connection, as a service-mesh sidecar multiplexes its requests. A 200 whose answer carries
 * a message id and no error is an acknowledgement; anything else is an error.
 */
final class HttpSender implements MessageSender {

    private final EventLoopGroup group;
    private final Channel connection;
    private final Http2Headers headers;
    private final ByteBuf request;
    private final long timeoutMillis;

    private HttpSender(EventLoopGroup group, Channel connection, Http2Headers headers, ByteBuf request,
            long timeoutMillis) {
        this.group = group;
        this.connection = connection;
        this.headers = headers;
        this.request = request;
        this.timeoutMillis = timeoutMillis;
    }

    /** Connects and sends one message up front, so the connection is set up before the run. */
    static MessageSender open(ProduceSettings settings, byte[] body) throws Exception {
        LoadTarget target = settings.target();
        String[] hostPort = target.address().split(":");
        SslContext tls = target.tls() ? SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build() : null;
        EventLoopGroup group = new NioEventLoopGroup(1);
        Channel connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast(tls.newHandler(channel.alloc(), hostPort[0], Integer.parseInt(hostPort[1])));
                        }
                        pipeline.addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object pushed) {
                                        // The gateway pushes nothing; inbound streams are ignored.
                                    }
                                }));
                    }
                })
                .connect(hostPort[0], Integer.parseInt(hostPort[1])).sync().channel();
        Http2Headers headers = new DefaultHttp2Headers()
                .method(HttpMethod.POST.asciiName())
                .scheme(tls != null ? "https" : "http")
                .authority(target.address())
                .path("/v1/topics/" + target.topic() + "/messages")
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        byte[] json = ("{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"encoding\":\"base64\"}")
                .getBytes(StandardCharsets.UTF_8);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        HttpSender sender = new HttpSender(group, connection, headers, Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(json.length).writeBytes(json)), settings.sendTimeout().toMillis());
        sender.send();
        return sender;
    }

    @Override
    public void send() throws Exception {
        try {
            sendAsync().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public CompletableFuture<Void> sendAsync() {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        new Http2StreamChannelBootstrap(connection).handler(new Answer(answered)).open()
                .addListener((Future<Http2StreamChannel> opened) -> {
                    if (!opened.isSuccess()) {
                        answered.completeExceptionally(opened.cause());
                        return;
                    }
                    Http2StreamChannel stream = opened.getNow();
                    stream.write(new DefaultHttp2HeadersFrame(headers, false));
                    stream.writeAndFlush(new DefaultHttp2DataFrame(request.duplicate(), true));
                });
        return answered;
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One stream's answer: the status, then the JSON body, checked once the stream ends. */
    private static final class Answer extends SimpleChannelInboundHandler<Http2StreamFrame> {
        private final CompletableFuture<Void> answered;
        private final StringBuilder body = new StringBuilder();
        private CharSequence status = "";

        Answer(CompletableFuture<Void> answered) {
            this.answered = answered;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean ended = false;
            if (frame instanceof Http2HeadersFrame head) {
                if (head.headers().status() != null) {
                    status = head.headers().status();
                }
                ended = head.isEndStream();
            } else if (frame instanceof Http2DataFrame data) {
                body.append(data.content().toString(StandardCharsets.UTF_8));
                ended = data.isEndStream();
            }
            if (ended) {
                String text = body.toString();
                if ("200".contentEquals(status) && text.contains("\"messageId\"") && !text.contains("\"error\"")) {
                    answered.complete(null);
                } else {
                    answered.completeExceptionally(new IllegalStateException("HTTP " + status + ": " + text));
                }
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answered.completeExceptionally(new IllegalStateException("the stream closed without an answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answered.completeExceptionally(cause);
            ctx.close();
        }
    }
}
