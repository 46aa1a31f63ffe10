package dev.wharf.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;

/**
 * RFC 6455's control frames: a ping is answered with a pong carrying its data, a pong (the answer to the
 * server's keep-alive pings) is dropped, a close is echoed and the connection closed.
 */
final class ControlFrames extends ChannelInboundHandlerAdapter {

    private final WebSocketConnection connection;

    ControlFrames(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
        } else if (msg instanceof CloseWebSocketFrame close) {
            connection.closeEchoing(close);
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
