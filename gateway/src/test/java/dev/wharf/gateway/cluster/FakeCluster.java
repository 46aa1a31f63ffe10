package dev.wharf.gateway.cluster;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The network as the gateway's client sees it, in memory: a function per address answers what is sent there,
 * an address without one cannot be reached, and every request is recorded with its address. The processor the
 * gateway registers for brokers' requests is kept, for tests to play a broker calling back.
 */
final class FakeCluster implements RemotingClient {

    record Sent(String address, RemotingCommand request) {}

    record OnBehalfOf(String address, int code, Connection origin) {}

    private final Map<String, Function<RemotingCommand, RemotingCommand>> peers = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<OnBehalfOf> onBehalfOf = new CopyOnWriteArrayList<>();

    void answer(String address, Function<RemotingCommand, RemotingCommand> peer) {
        peers.put(address, peer);
    }

    void disconnect(String address) {
        peers.remove(address);
    }

    List<Sent> sent() {
        return sent;
    }

    List<RemotingCommand> requestsWith(int code) {
        return sent.stream().filter(s -> s.request().code() == code).map(Sent::request).toList();
    }

    List<String> addressesSentTo(int code) {
        return sent.stream().filter(s -> s.request().code() == code).map(Sent::address).toList();
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        sent.add(new Sent(address, request));
        Function<RemotingCommand, RemotingCommand> peer = peers.get(address);
        if (peer == null) {
            return CompletableFuture.failedFuture(new RemotingConnectException("cannot connect to " + address,
                    new ConnectException("Connection refused")));
        }
        return CompletableFuture.completedFuture(peer.apply(request));
    }

    /** Records on whose behalf the request went, then sends it as any other. */
    @Override
    public CompletableFuture<RemotingCommand> invoke(
            RequestContext origin, String address, RemotingCommand request, Duration timeout) {
        onBehalfOf.add(new OnBehalfOf(address, request.code(), origin.connection()));
        return invoke(address, request, timeout);
    }

    /** Requests sent on behalf of a client's connection, in order. */
    List<OnBehalfOf> onBehalfOf() {
        return onBehalfOf;
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return invoke(address, request, Duration.ZERO).thenApply(response -> null);
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        throw new UnsupportedOperationException("brokers do not call the gateway in these tests");
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        throw new UnsupportedOperationException("brokers do not call the gateway in these tests");
    }

    @Override
    public void close() {
    }
}
