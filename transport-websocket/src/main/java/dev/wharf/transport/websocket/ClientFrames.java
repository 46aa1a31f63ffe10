package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns whole data frames (fragments already joined) into {@link ClientRequest}s: a text frame must be a JSON
 * object naming a known {@code op}; a {@code publish} with {@code "bodyFrame": true} is held until the binary
 * frame with its body, which must come next. Anything else breaks the protocol and ends the connection
 * ({@link ProtocolViolation}): non-JSON with 1003, an unknown op with 1002, frames that do not pair up with 4400.
 */
final class ClientFrames extends ChannelInboundHandlerAdapter {

    /** A publish waiting for the binary frame it announced; null when none is. */
    private ClientRequest awaitingBody;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                ClientRequest request = request(text);
                if (request.operation() == Operation.PUBLISH && request.fields().path("bodyFrame").asBoolean(false)) {
                    awaitingBody = request;
                } else {
                    ctx.fireChannelRead(request);
                }
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                ctx.fireChannelRead(withBody(binary));
            } else {
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private ClientRequest request(TextWebSocketFrame frame) {
        if (awaitingBody != null) {
            throw new ProtocolViolation(CloseCode.MALFORMED_STREAM, "a text frame came where the binary body frame of "
                    + "publish " + awaitingBody.id() + " was due");
        }
        JsonNode json;
        try (InputStream in = new ByteBufInputStream(frame.content())) {
            json = Json.read(in);
        } catch (IOException notJson) {
            throw new ProtocolViolation(CloseCode.UNSUPPORTED_DATA, "a text frame is not JSON: "
                    + firstLine(notJson.getMessage()));
        }
        if (!(json instanceof ObjectNode fields)) {
            throw new ProtocolViolation(CloseCode.UNSUPPORTED_DATA, "a text frame must hold a JSON object");
        }
        JsonNode op = fields.get("op");
        if (op == null || !op.isTextual()) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "a request needs an \"op\": one of " + Operation.NAMES);
        }
        Operation operation = Operation.named(op.textValue()).orElseThrow(() -> new ProtocolViolation(
                CloseCode.PROTOCOL_ERROR, "unknown op \"" + op.textValue() + "\"; known: " + Operation.NAMES));
        return new ClientRequest(operation, fields, null);
    }

    private ClientRequest withBody(BinaryWebSocketFrame frame) {
        if (awaitingBody == null) {
            throw new ProtocolViolation(CloseCode.MALFORMED_STREAM,
                    "a binary frame must follow a publish with \"bodyFrame\": true");
        }
        ClientRequest publish = awaitingBody;
        awaitingBody = null;
        return new ClientRequest(publish.operation(), publish.fields(), ByteBufUtil.getBytes(frame.content()));
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
