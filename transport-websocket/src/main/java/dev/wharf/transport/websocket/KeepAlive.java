package dev.wharf.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Pings the client every ping interval, whatever else is sent, so a live client always has something to
 * answer; closes with 4408 when the channel's idle handler reports that nothing, not even a pong, came for the
 * idle timeout.
 */
final class KeepAlive extends ChannelInboundHandlerAdapter {

    private final Duration pingInterval;
    private final WebSocketConnection connection;
    private ScheduledFuture<?> pings;

    KeepAlive(Duration pingInterval, WebSocketConnection connection) {
        this.pingInterval = pingInterval;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long every = pingInterval.toMillis();
        pings = ctx.executor().scheduleAtFixedRate(() -> {
            if (!connection.closing()) {
                ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pings.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pings.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            connection.close(CloseCode.IDLE, "nothing received for the idle timeout");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
