package dev.wharf.transport.spi;

import io.netty.util.DefaultAttributeMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A client connection for the tests of every module: fixed addresses, every command pushed to it recorded,
 * and requests toward the client never answered unless {@link #answering} says how.
 */
public final class TestConnection extends DefaultAttributeMap implements Connection {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "test-" + IDS.incrementAndGet();
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final ProtocolType protocol;
    private final List<RemotingCommand> pushed = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean active = true;
    private volatile Function<RemotingCommand, RemotingCommand> answers;

    public TestConnection() {
        this(ProtocolType.REMOTING);
    }

    /** A connection of another protocol than Remoting. */
    public TestConnection(ProtocolType protocol) {
        this(new InetSocketAddress("127.0.0.1", 40000 + IDS.get()), new InetSocketAddress("127.0.0.1", 8080), protocol);
    }

    public TestConnection(InetSocketAddress remote, InetSocketAddress local) {
        this(remote, local, ProtocolType.REMOTING);
    }

    private TestConnection(InetSocketAddress remote, InetSocketAddress local, ProtocolType protocol) {
        this.remote = remote;
        this.local = local;
        this.protocol = protocol;
    }

    /** Commands the broker pushed to this client, oldest first. */
    public List<RemotingCommand> pushed() {
        return pushed;
    }

    /** The client went away: the connection reads as inactive from now on. */
    public void deactivate() {
        active = false;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProtocolType protocol() {
        return protocol;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        pushed.add(command);
        return CompletableFuture.completedFuture(null);
    }

    /** Requests toward the client are answered with what {@code answers} makes of them from now on. */
    public TestConnection answering(Function<RemotingCommand, RemotingCommand> answers) {
        this.answers = answers;
        return this;
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        pushed.add(request);
        Function<RemotingCommand, RemotingCommand> current = answers;
        // On the caller's thread; an answer that throws fails the future, as a client that cannot answer would.
        return current == null
                ? new CompletableFuture<>()
                : CompletableFuture.supplyAsync(() -> current.apply(request), Runnable::run);
    }

    @Override
    public CompletableFuture<Void> close() {
        active = false;
        closed.complete(null);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closed.minimalCompletionStage();
    }
}
