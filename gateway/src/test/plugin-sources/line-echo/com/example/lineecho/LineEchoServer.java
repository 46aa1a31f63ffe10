package com.example.lineecho;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/** Answers each line with "greeting line caffeine=<jar of the Caffeine it sees> jackson=<visible|invisible>". */
final class LineEchoServer implements RemotingServer {

    private final TransportContext context;
    private final ServerConfig config;
    private final Cache<String, String> answers = Caffeine.newBuilder().maximumSize(100).build();
    private Channel bound;

    LineEchoServer(TransportContext context, ServerConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public void start() {
        int maxLine = config.intOption("maxLineLength", 1024);
        String greeting = config.option("greeting", "hello");
        bound = new ServerBootstrap()
                .group(context.ioGroup())
                .channel(context.serverChannelType())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(maxLine),
                                new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                                new SimpleChannelInboundHandler<String>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                                        ctx.writeAndFlush(answers.get(line, key -> greeting + " " + key
                                                + " caffeine=" + jarOf(Caffeine.class) + " jackson=" + jackson()) + "\n");
                                    }
                                });
                    }
                })
                .bind(config.host(), config.port())
                .syncUninterruptibly()
                .channel();
    }

    private static String jarOf(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
    }

    private static String jackson() {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, LineEchoServer.class.getClassLoader());
            return "visible";
        } catch (ClassNotFoundException e) {
            return "invisible";
        }
    }

    @Override
    public void shutdown() {
        if (bound != null) {
            bound.close().syncUninterruptibly();
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) bound.localAddress();
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.of("line-echo");
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        // line-echo answers by itself; it forwards nothing to the gateway's processors
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        // as above
    }
}
