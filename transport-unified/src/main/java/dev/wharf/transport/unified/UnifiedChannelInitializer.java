package dev.wharf.transport.unified;

import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import java.util.Optional;

/**
 * The layers a unified port peels off each accepted connection, outermost first: the detection deadline,
 * the PROXY protocol header gate, TLS as the port's mode allows ({@link TlsSupport}: plaintext refused
 * before a byte of it is read on a TLS-only port; SNI picks the certificate, ALPN is offered), and the
 * protocol detection, which hands the connection to its protocol.
 */
final class UnifiedChannelInitializer extends ChannelInitializer<Channel> {

    private final UnifiedOptions options;
    private final Optional<TlsSupport> tls;
    private final DetectorTable table;

    UnifiedChannelInitializer(UnifiedOptions options, Optional<TlsSupport> tls, DetectorTable table) {
        this.options = options;
        this.tls = tls;
        this.table = table;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(DetectionDeadline.NAME, new DetectionDeadline(options.detectionTimeout()));
        pipeline.addLast("proxy-gate", new ProxyHeaderGate(options.proxyProtocol()));
        tls.ifPresent(support -> pipeline.addLast(TlsSupport.HANDLER_NAME, support.newHandler()));
        pipeline.addLast(ProtocolDetectionHandler.NAME,
                new ProtocolDetectionHandler(table, options.maxDetectionBytes()));
    }
}
