package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ClientAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between WebSocket and MQTT: binary (and continuation) frames in become bytes for the MQTT decoder, bytes out
 * become binary frames. A text frame breaks MQTT over WebSocket's rules and closes the connection; an HTTP request
 * for another path than the MQTT one is answered 404.
 */
final class WebSocketFrames extends MessageToMessageCodec<Object, ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketFrames.class);

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object message, List<Object> out) {
        if (message instanceof BinaryWebSocketFrame || message instanceof ContinuationWebSocketFrame) {
            out.add(((WebSocketFrame) message).content().retain());
        } else if (message instanceof FullHttpRequest request) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND))
                    .addListener(ChannelFutureListener.CLOSE);
            log.info("HTTP request for {} from {} on the MQTT listener: not found", request.uri(),
                    ClientAddress.of(ctx.channel()));
        } else {
            log.info("MQTT over WebSocket client at {} sent a {}, not a binary frame; closing the connection",
                    ClientAddress.of(ctx.channel()), message.getClass().getSimpleName());
            ctx.close();
        }
    }
}
