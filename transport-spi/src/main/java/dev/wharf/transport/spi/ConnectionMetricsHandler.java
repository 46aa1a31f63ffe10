package dev.wharf.transport.spi;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * Counts each channel whose pipeline it is in as opened once it is active, and as closed once when it
 * goes inactive or the handler leaves its pipeline. It may be added before or after the channel became
 * active (a port unifier adds protocol handlers late). One instance serves every channel of a protocol:
 * get it from {@link ConnectionCounter#handler()}.
 *
 * <pre>{@code
 * ChannelHandler counting = context.metrics().connections(ProtocolType.REMOTING).handler();
 * channel.pipeline().addFirst("connectionMetrics", counting);
 * }</pre>
 */
@ChannelHandler.Sharable
public final class ConnectionMetricsHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionCounter counter;
    /** Marks the channels this counter counted, so none is counted twice or counted down without being counted. */
    private final AttributeKey<Boolean> counted;

    ConnectionMetricsHandler(ConnectionCounter counter, ProtocolType protocol) {
        this.counter = counter;
        this.counted = AttributeKey.valueOf(ConnectionMetricsHandler.class, "counted." + protocol.name());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            countOpened(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        countOpened(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        countClosed(ctx);
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        countClosed(ctx);
    }

    private void countOpened(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(counted).setIfAbsent(Boolean.TRUE) == null) {
            counter.opened();
        }
    }

    private void countClosed(ChannelHandlerContext ctx) {
        Attribute<Boolean> mark = ctx.channel().attr(counted);
        if (mark.getAndSet(null) != null) {
            counter.closed();
        }
    }
}
