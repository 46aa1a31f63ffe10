package dev.wharf.transport.remoting;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Stops reading from a peer while its outbound buffer is above the high water mark, and resumes below
 * the low one. A client that sends requests but never reads the answers would otherwise make the
 * server buffer responses without bound.
 */
@ChannelHandler.Sharable
final class PauseReadingWhileUnwritable extends ChannelInboundHandlerAdapter {

    static final PauseReadingWhileUnwritable INSTANCE = new PauseReadingWhileUnwritable();

    private PauseReadingWhileUnwritable() {}

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }
}
