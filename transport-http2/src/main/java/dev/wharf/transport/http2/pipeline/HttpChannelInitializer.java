package dev.wharf.transport.http2.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import dev.wharf.transport.tls.TlsSupport;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A connection's pipeline: HTTP/2 by prior knowledge (the connection preface), HTTP/1.1 upgraded to HTTP/2 by
 * {@code Upgrade: h2c}, or plain HTTP/1.1, told apart by Netty's cleartext upgrade handler. With TLS, the
 * {@link TlsSupport} handler goes first and leaves an {@code SslHandler} in its place (ALPN offers {@code h2}
 * and {@code http/1.1}); the same handlers then read the decrypted bytes, where a client that negotiated
 * {@code h2} opens with the preface and one that negotiated HTTP/1.1 (or nothing) with a request, so one
 * path serves both. A connection without traffic for the idle timeout is closed.
 */
public final class HttpChannelInitializer extends ChannelInitializer<Channel> {

    private final PipelineSettings settings;
    private final Optional<TlsSupport> tls;
    private final Http2Handlers http2;

    public HttpChannelInitializer(PipelineSettings settings, Optional<TlsSupport> tls) {
        this.settings = settings;
        this.tls = tls;
        this.http2 = new Http2Handlers(settings);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        tls.ifPresent(support -> support.install(pipeline));
        pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.options().idleTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        pipeline.addLast("idle-close", new IdleCloser());
        pipeline.addLast("drain", new DrainHandler());
        HttpServerCodec http1 = http1Codec();
        HttpServerUpgradeHandler upgrade =
                new HttpServerUpgradeHandler(http1, http2::upgradeCodec, settings.options().maxRequestBytes());
        pipeline.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(http1, upgrade, http2.installer()));
        pipeline.addLast("h1", new Http1Activator(settings));
    }

    static HttpServerCodec http1Codec() {
        return new HttpServerCodec(PipelineSettings.MAX_INITIAL_LINE, PipelineSettings.MAX_HEADER_BYTES,
                PipelineSettings.MAX_CHUNK);
    }

    /**
     * Reached by the first request of a connection that stayed on HTTP/1.1 (HTTP/2 never sends HTTP
     * messages down the connection's own pipeline): puts the aggregator and the request handler in its place.
     */
    static final class Http1Activator extends SimpleChannelInboundHandler<HttpMessage> {

        private final PipelineSettings settings;

        Http1Activator(PipelineSettings settings) {
            super(false);
            this.settings = settings;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpMessage first) {
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.addAfter(ctx.name(), "api", new RequestHandler(settings, false));
            pipeline.replace(this, "aggregate", new JsonBodyAggregator(settings.options().maxRequestBytes(), false));
            // The replaced context forwards to its replacement, so the aggregator reads this first message too.
            ctx.fireChannelRead(first);
        }
    }

    /** Closes a connection that stayed idle for the timeout. */
    static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }
    }
}
