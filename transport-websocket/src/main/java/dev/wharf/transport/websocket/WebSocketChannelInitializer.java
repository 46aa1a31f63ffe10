package dev.wharf.transport.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a new connection: TLS when the listener serves it, the idle timer, HTTP/1.1 with small limits (a handshake or a page request
 * has no body), and the {@link HttpGate} that routes it; the handshake later swaps HTTP for WebSocket.
 */
final class WebSocketChannelInitializer extends ChannelInitializer<Channel> {

    /** Handshakes and page requests have no body; anything larger is refused with 413. */
    static final int MAX_HTTP_REQUEST_BYTES = 8 * 1024;

    private final Listener listener;
    private final WebPage page;
    private final OriginPolicy origins;
    private final SessionPipeline sessions;
    private final Optional<TlsSupport> tls;

    WebSocketChannelInitializer(Listener listener, Optional<TlsSupport> tls) {
        this.listener = listener;
        this.tls = tls;
        this.page = WebPage.load();
        this.origins = new OriginPolicy(listener.options().allowedOrigins());
        this.sessions = new SessionPipeline(listener);
    }

    @Override
    protected void initChannel(Channel channel) {
        WebSocketServerOptions options = listener.options();
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(options.writeBufferBytes() / 2, options.writeBufferBytes()));
        ChannelPipeline pipeline = channel.pipeline();
        tls.ifPresent(support -> support.install(pipeline));
        pipeline.addLast("idle", new IdleStateHandler(options.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("httpRequests", new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES));
        pipeline.addLast("gate", new HttpGate(page, origins, listener.tokens(), options.maxFrameBytes(), sessions));
    }
}
