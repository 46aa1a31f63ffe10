package dev.wharf.transport.spi;

import io.netty.util.DefaultAttributeMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection that records what is pushed to it. */
final class TestConnection extends DefaultAttributeMap implements Connection {

    final List<RemotingCommand> sent = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "test";
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.REMOTING;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50_000);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        sent.add(command);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        sent.add(request);
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }
}
