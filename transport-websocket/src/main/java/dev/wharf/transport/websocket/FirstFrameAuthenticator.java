package dev.wharf.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Guards a connection of a listener with tokens that brought none in its URL: the first request must be
 * {@code {"op":"auth","token":...}}. A good token is answered {@code authenticated} and this handler steps
 * aside; a wrong one closes with 1008, any other first request, or none within the auth timeout, with 4401.
 */
final class FirstFrameAuthenticator extends ChannelInboundHandlerAdapter {

    private final AccessTokens tokens;
    private final Duration timeout;
    private final WebSocketConnection connection;
    private ScheduledFuture<?> deadline;

    FirstFrameAuthenticator(AccessTokens tokens, Duration timeout, WebSocketConnection connection) {
        this.tokens = tokens;
        this.timeout = timeout;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> connection.close(CloseCode.UNAUTHORIZED,
                "no auth frame within " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.operation() != Operation.AUTH) {
            connection.close(CloseCode.UNAUTHORIZED, "authenticate first: {\"op\":\"auth\",\"token\":\"...\"}");
        } else if (!tokens.accepts(request.fields().path("token").asText(null))) {
            connection.close(CloseCode.POLICY_VIOLATION, "invalid token");
        } else {
            ctx.pipeline().remove(this);
            connection.event(Events.answer("authenticated", request.id()));
        }
    }
}
