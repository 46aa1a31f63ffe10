package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last layer of a unified port: reads the connection's first bytes (decrypted, after TLS) without
 * consuming them until its {@link DetectorTable} picks a protocol, hands the connection to that protocol's
 * {@link ChannelAdopter}, and once the adopter is set up steps aside, which passes the bytes read so far
 * to the protocol's handlers. After a TLS handshake that negotiated an ALPN protocol only the protocols
 * spoken under it are asked. A detector that waits on a client which waits for the server gets its
 * {@link dev.wharf.transport.spi.ProtocolDetector#prompt prompt} sent, once. Bytes no protocol claims close
 * the connection.
 */
final class ProtocolDetectionHandler extends ByteToMessageDecoder {

    static final String NAME = "protocol-detection";

    private static final Logger log = LoggerFactory.getLogger(ProtocolDetectionHandler.class);

    private final DetectorTable table;
    private final int maxBytes;
    private boolean decided;
    private boolean prompted;

    /** @param maxBytes the most bytes a connection may send before its protocol is known */
    ProtocolDetectionHandler(DetectorTable table, int maxBytes) {
        this.table = table;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            // Adoption is under way (or the connection is closing): the bytes wait for the protocol's handlers.
            return;
        }
        DetectorTable.Decision decision = table.decide(in, negotiatedAlpn(ctx));
        if (decision instanceof DetectorTable.Decision.Adopt adopt) {
            decided = true;
            adopt(ctx, adopt.adopter());
        } else if (decision instanceof DetectorTable.Decision.Refuse) {
            refuse(ctx, in, "no protocol of this port speaks what it sent");
        } else if (in.readableBytes() > maxBytes) {
            refuse(ctx, in, "its protocol was still unknown after " + in.readableBytes() + " bytes");
        } else if (decision instanceof DetectorTable.Decision.Wait wait && !prompted) {
            wait.detector().prompt(in).ifPresent(prompt -> {
                prompted = true;
                ctx.writeAndFlush(Unpooled.wrappedBuffer(prompt));
            });
        }
    }

    private void adopt(ChannelHandlerContext ctx, ChannelAdopter adopter) {
        ctx.pipeline().remove(DetectionDeadline.NAME);
        adopter.adopt(ctx.channel()).whenComplete((ignored, failure) -> {
            if (ctx.executor().inEventLoop()) {
                adopted(ctx, adopter, failure);
            } else {
                ctx.executor().execute(() -> adopted(ctx, adopter, failure));
            }
        });
    }

    /** Steps aside once the protocol's handlers are in place: the bytes read so far go to them. */
    private void adopted(ChannelHandlerContext ctx, ChannelAdopter adopter, Throwable failure) {
        if (failure != null) {
            log.warn("closing connection from {}: {} could not take it", ClientAddress.of(ctx.channel()),
                    adopter.protocol(), failure);
            ctx.close();
        } else if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        decided = true;
        in.skipBytes(in.readableBytes());
        log.debug("closing connection from {}: {}", ClientAddress.of(ctx.channel()), reason);
        ctx.close();
    }

    private static String negotiatedAlpn(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls == null ? null : tls.applicationProtocol();
    }

    /** Failures before a protocol took the connection (a failed TLS handshake, a malformed PROXY header). */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing connection from {} before its protocol was known: {}", ClientAddress.of(ctx.channel()),
                cause.toString());
        ctx.close();
    }
}
