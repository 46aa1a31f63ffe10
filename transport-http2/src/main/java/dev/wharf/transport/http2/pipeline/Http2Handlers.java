package dev.wharf.transport.http2.pipeline;

import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;

/**
 * The HTTP/2 side of a connection: the frame codec with this listener's settings, and a child channel per
 * stream that turns frames into the same aggregated requests and answers HTTP/1.1 uses, so one
 * {@link RequestHandler} serves both.
 */
final class Http2Handlers {

    private final PipelineSettings settings;

    Http2Handlers(PipelineSettings settings) {
        this.settings = settings;
    }

    /** Installs the HTTP/2 handlers in place of itself: for prior knowledge and ALPN {@code h2}. */
    ChannelHandlerAdapter installer() {
        return new ChannelHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                // The multiplexer looks for the frame codec when added, so the codec goes in first.
                ctx.pipeline().addAfter(ctx.name(), "h2-frames", frameCodec());
                ctx.pipeline().addAfter("h2-frames", "h2-streams", multiplexer());
                ctx.pipeline().remove(this);
            }
        };
    }

    /** The upgrade from HTTP/1.1 for {@code Upgrade: h2c}; null for any other protocol. */
    HttpServerUpgradeHandler.UpgradeCodec upgradeCodec(CharSequence protocol) {
        return AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                ? new Http2ServerUpgradeCodec(frameCodec(), multiplexer())
                : null;
    }

    private Http2FrameCodec frameCodec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(settings.options().maxConcurrentStreams())
                        .maxHeaderListSize(PipelineSettings.MAX_HEADER_BYTES))
                .validateHeaders(true)
                // A close is immediate; a drain (DrainHandler) waits for the streams itself, bounded by its timeout.
                .gracefulShutdownTimeoutMillis(0)
                .build();
    }

    private Http2MultiplexHandler multiplexer() {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(
                        new Http2StreamFrameToHttpObjectCodec(true),
                        new JsonBodyAggregator(settings.options().maxRequestBytes(), true),
                        new RequestHandler(settings, true));
            }
        });
    }
}
