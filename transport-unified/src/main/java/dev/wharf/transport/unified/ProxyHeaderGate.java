package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost layer of a unified port: a PROXY protocol header is required where the port reads them
 * ({@code proxyProtocol: true}) and refused where it does not, since a client that sends one to a port
 * without a trusted proxy in front is claiming an address that is not its own. Either refusal closes the
 * connection with a WARN naming the peer. A header that is expected is decoded by Netty's
 * {@link HAProxyMessageDecoder} and its client address recorded ({@link ProxiedAddressRecorder}).
 */
final class ProxyHeaderGate extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderGate.class);
    private static final ProxyHeaderDetector HEADER = new ProxyHeaderDetector();

    private final boolean required;

    /** @param required whether this port reads PROXY headers: then every connection must open with one */
    ProxyHeaderGate(boolean required) {
        this.required = required;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        Result header = HEADER.detect(in);
        if (header == Result.NEED_MORE_DATA) {
            return;
        }
        boolean present = header == Result.RECOGNIZED;
        if (present != required) {
            in.skipBytes(in.readableBytes());
            log.warn(present
                    ? "connection from {} refused: it sent a PROXY protocol header, which this port does not read "
                            + "(proxyProtocol is off)"
                    : "connection from {} refused: it sent no PROXY protocol header, which this port requires "
                            + "(proxyProtocol is on)", ClientAddress.of(ctx.channel()));
            ctx.close();
            return;
        }
        if (present) {
            ctx.pipeline().addAfter(ctx.name(), "proxy-header", new HAProxyMessageDecoder());
            ctx.pipeline().addAfter("proxy-header", "proxy-address", new ProxiedAddressRecorder());
        }
        // Leaving hands the bytes read so far, unconsumed, to the handler behind.
        ctx.pipeline().remove(this);
    }
}
