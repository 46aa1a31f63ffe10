package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * A loopback listener with {@link TlsSupport#install} before a handler that answers every read with one
 * line: the client's {@link TlsPeer}, or {@code anonymous}.
 */
final class IdentityListener implements AutoCloseable {

    static final String ANONYMOUS = "anonymous";

    private final TlsSupport tls;
    private final Channel server;

    IdentityListener(EventLoopGroup loop, TlsProvider provider, ServerConfig config) {
        tls = TlsSupport.fromOptions(config.withOption(TlsOptions.PROVIDER, provider.toString()), List.of(), Clock.systemUTC());
        server = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        tls.install(channel.pipeline());
                        channel.pipeline().addLast(new WhoAmI());
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    TlsSupport tls() {
        return tls;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Sends a byte and reads the answer line. */
    static String whoAmI(Socket socket) throws IOException {
        socket.getOutputStream().write('?');
        socket.getOutputStream().flush();
        StringBuilder line = new StringBuilder();
        for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
            if (b < 0) {
                throw new IOException("closed after: " + line);
            }
            line.append((char) b);
        }
        return line.toString();
    }

    @Override
    public void close() {
        tls.close();
        server.close().syncUninterruptibly();
    }

    private static final class WhoAmI extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            String peer = TlsPeer.of(ctx.channel()).map(TlsPeer::toString).orElse(ANONYMOUS);
            ByteBuf answer = Unpooled.copiedBuffer(peer + "\n", StandardCharsets.UTF_8);
            ctx.writeAndFlush(answer);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
