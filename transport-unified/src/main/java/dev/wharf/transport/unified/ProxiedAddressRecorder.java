package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the decoded PROXY header and makes its source the connection's {@link ClientAddress}, then steps
 * aside. A {@code LOCAL} header (the proxy's own health check) or one for a protocol other than TCP keeps
 * the socket's address.
 */
final class ProxiedAddressRecorder extends SimpleChannelInboundHandler<HAProxyMessage> {

    private static final Logger log = LoggerFactory.getLogger(ProxiedAddressRecorder.class);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HAProxyMessage header) {
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        boolean tcp = protocol == HAProxyProxiedProtocol.TCP4 || protocol == HAProxyProxiedProtocol.TCP6;
        if (header.command() == HAProxyCommand.PROXY && tcp) {
            InetAddress source = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
            if (source == null) {
                log.warn("connection from {} refused: its PROXY header's source address {} is not an IP address",
                        ctx.channel().remoteAddress(), header.sourceAddress());
                ctx.close();
                return;
            }
            ClientAddress.set(ctx.channel(), new InetSocketAddress(source, header.sourcePort()));
            log.debug("connection from {} is proxied for {}", ctx.channel().remoteAddress(), ClientAddress.of(ctx.channel()));
        }
        ctx.pipeline().remove(this);
    }
}
