package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** The plain HTTP answers of a WebSocket listener: the page, and JSON errors for everything else. */
final class HttpAnswers {

    private HttpAnswers() {}

    /** {@code {"error":{"code":..., "message":...}}} with {@code status}; the connection stays open if the client keeps it. */
    static void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String code,
            String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        send(ctx, request, status, "application/json", Json.bytes(body));
    }

    /** Writes a complete response; closes the connection when the client asked to, or when {@code request} is null. */
    static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String contentType,
            byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        boolean keepAlive = request != null && HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
