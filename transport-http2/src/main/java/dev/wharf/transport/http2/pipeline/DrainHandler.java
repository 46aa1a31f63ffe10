package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.spi.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * A connection's part of the listener's {@link HttpDrain}, in front of the protocol handlers. HTTP/2: GOAWAY
 * (NO_ERROR, the last stream id the client opened: later streams are refused, the client retries them on a new
 * connection), then close once no stream is open. HTTP/1.1: passed on to the {@link RequestHandler}, which closes
 * after the answer in progress. A connection that has not sent a request yet is closed.
 */
final class DrainHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof DrainEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        Http2FrameCodec http2 = ctx.pipeline().get(Http2FrameCodec.class);
        if (http2 != null) {
            goAway(ctx, http2.connection());
        } else if (ctx.pipeline().get(RequestHandler.class) != null) {
            ctx.fireUserEventTriggered(event);
        } else {
            ctx.close();
        }
    }

    private static void goAway(ChannelHandlerContext ctx, Http2Connection connection) {
        // Written from the tail, so that the frame codec fills in the last stream id.
        ctx.channel().writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                ctx.executor().execute(() -> closeIfIdle(ctx, connection));
            }
        });
        closeIfIdle(ctx, connection);
    }

    private static void closeIfIdle(ChannelHandlerContext ctx, Http2Connection connection) {
        if (connection.numActiveStreams() == 0) {
            ctx.channel().close();
        }
    }
}
