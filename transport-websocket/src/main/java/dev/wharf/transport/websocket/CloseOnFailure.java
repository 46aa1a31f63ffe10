package dev.wharf.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a WebSocket connection: whatever went wrong below ends this connection only, with the
 * close code that names it — the client's protocol violation, 1009 for a message beyond the frame limit, 1011
 * for a failure of the server's own.
 */
final class CloseOnFailure extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(CloseOnFailure.class);

    private final WebSocketConnection connection;
    private final int maxFrameBytes;

    CloseOnFailure(WebSocketConnection connection, int maxFrameBytes) {
        this.connection = connection;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolViolation violation) {
            log.debug("{} broke the protocol: {}", connection, violation.getMessage());
            connection.close(violation.closeCode(), violation.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            connection.close(CloseCode.MESSAGE_TOO_BIG, "a message is larger than " + maxFrameBytes + " bytes");
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // The frame decoder already sent its close frame (1002, or 1009 for a frame beyond the limit).
            log.debug("{} sent a bad frame: {}", connection, cause.getMessage());
            ctx.close();
        } else {
            log.warn("{} failed; closing it", connection, cause);
            connection.close(CloseCode.INTERNAL_ERROR, "internal error");
        }
    }
}
