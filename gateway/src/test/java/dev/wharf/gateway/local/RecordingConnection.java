package dev.wharf.gateway.local;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import io.netty.util.DefaultAttributeMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A client connection for tests that answers nothing and is told apart by its id. */
final class RecordingConnection extends DefaultAttributeMap implements Connection {

    private final String id;

    RecordingConnection(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
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
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }
}
