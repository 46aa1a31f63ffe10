package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.DrainEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses by a connection's first byte between MQTT ({@code 0x10}, CONNECT) and MQTT over WebSocket ({@code G} of
 * the handshake's {@code GET}), then leaves the pipeline, handing on what it read. Anything else is closed with a
 * log line naming the peer.
 */
final class ProtocolSwitch extends ByteToMessageDecoder {

    static final int CONNECT = 0x10;
    private static final Logger log = LoggerFactory.getLogger(ProtocolSwitch.class);

    private final MqttListener listener;

    ProtocolSwitch(MqttListener listener) {
        this.listener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        if (first == CONNECT) {
            MqttPipeline.mqtt(ctx.pipeline(), listener);
        } else if (first == 'G' && listener.options().websocket()) {
            MqttPipeline.websocket(ctx.pipeline(), listener);
        } else {
            log.info("connection from {} to the MQTT listener opened with byte 0x{}, not an MQTT CONNECT{}; closing",
                    ClientAddress.of(ctx.channel()), Integer.toHexString(first),
                    listener.options().websocket() ? " or a WebSocket handshake" : "");
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    /** Drained before its first byte: nothing is under way, so it closes. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof DrainEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }
}
