package dev.wharf.transport.grpc.unified;

import io.netty.channel.AbstractServerChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The "listening" channel grpc-netty is given on a unified port: it binds no socket. Its accepted children
 * are connections the port already accepted and peeled, handed over by {@link #accept}: they travel the
 * server bootstrap's usual path (grpc-netty's child initializer joins their pipeline and builds its HTTP/2
 * transport on them), and {@link AdoptedChannelsGroup} leaves them on the event loop they already run on.
 * So gRPC on a unified port runs on the connection itself, with no second connection or relay.
 */
public final class AdoptionServerChannel extends AbstractServerChannel {

    /** Completed on the child's event loop once grpc-netty's handlers are in its pipeline. */
    static final AttributeKey<CompletableFuture<Void>> SET_UP =
            AttributeKey.valueOf(AdoptionServerChannel.class, "setUp");

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private volatile SocketAddress localAddress;
    private volatile boolean open = true;

    /** Hands {@code child}, an accepted and active channel, to grpc-netty as if this channel had accepted it. */
    public CompletableFuture<Void> accept(Channel child) {
        CompletableFuture<Void> setUp = new CompletableFuture<>();
        if (!isActive()) {
            setUp.completeExceptionally(new IllegalStateException("the gRPC server is not serving"));
            return setUp;
        }
        child.attr(SET_UP).set(setUp);
        pipeline().fireChannelRead(child);
        return setUp;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && localAddress != null;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return localAddress;
    }

    @Override
    protected void doBind(SocketAddress address) {
        localAddress = address;
    }

    @Override
    protected void doClose() {
        open = false;
    }

    @Override
    protected void doBeginRead() {
        // Children arrive through accept(), never from a socket.
    }
}
