package dev.wharf.transport.grpc.session;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingException;
import io.grpc.Status;
import io.netty.util.DefaultAttributeMap;
import java.net.SocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One gRPC client, by client id, as the broker sees it. gRPC multiplexes a client's calls over any
 * number of HTTP/2 connections, so the client id, not a socket, is the identity the broker's producer and
 * consumer registries keep; pushes travel over the client's Telemetry stream once it has opened one.
 */
public final class GrpcClientConnection extends DefaultAttributeMap implements Connection {

    private final String clientId;
    private volatile SocketAddress remoteAddress;
    private volatile SocketAddress localAddress;
    private volatile Optional<Principal> tlsPeer = Optional.empty();
    private volatile ServerPush push;
    private volatile ClientSettings settings;
    private volatile long lastSeenMillis;
    private volatile boolean active = true;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    GrpcClientConnection(String clientId, SocketAddress remoteAddress, SocketAddress localAddress) {
        this.clientId = clientId;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
    }

    /** The client id: stable across the client's calls and reconnections. */
    @Override
    public String id() {
        return "grpc:" + clientId;
    }

    public String clientId() {
        return clientId;
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.GRPC;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** The client called again at {@code nowMillis}, possibly over another connection. */
    void touch(ClientMetadata metadata, long nowMillis) {
        lastSeenMillis = nowMillis;
        if (metadata.remoteAddress() != null) {
            remoteAddress = metadata.remoteAddress();
        }
        if (metadata.localAddress() != null) {
            localAddress = metadata.localAddress();
        }
        tlsPeer = metadata.tlsPeer();
    }

    /**
     * The client certificate verified on the connection of the client's latest call (a
     * {@link dev.wharf.transport.tls.TlsPeer}); empty when that call came without one.
     */
    @Override
    public Optional<Principal> tlsPeer() {
        return tlsPeer;
    }

    /** The client's settings from its Telemetry stream; empty until it sent some. */
    public Optional<ClientSettings> settings() {
        return Optional.ofNullable(settings);
    }

    public void settings(ClientSettings latest) {
        this.settings = latest;
    }

    /** Where pushes go from now on; {@code null} when the client's Telemetry stream ended. */
    public void attach(ServerPush target) {
        this.push = target;
    }

    /** Detaches {@code target} if it is still the current one; a newer stream stays attached. */
    public void detach(ServerPush target) {
        if (push == target) {
            push = null;
        }
    }

    /** Ends the client's Telemetry stream, if one is open, with {@code status}; the client opens another elsewhere. */
    void endStream(Status status) {
        ServerPush target = push;
        if (target != null) {
            detach(target);
            target.end(status);
        }
    }

    /** When the client last started a call or stream. */
    long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** Whether the client's Telemetry stream is open: a client that keeps one open is alive. */
    boolean hasStream() {
        return push != null;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        ServerPush target = push;
        return target == null ? CompletableFuture.failedFuture(noStream()) : target.send(command);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        ServerPush target = push;
        return target == null ? CompletableFuture.failedFuture(noStream()) : target.invoke(request, timeout);
    }

    /** Marks the client gone; the broker's registries drop it on their next sweep. */
    @Override
    public CompletableFuture<Void> close() {
        active = false;
        push = null;
        closed.complete(null);
        return CompletableFuture.completedFuture(null);
    }

    /** Completes when the client is forgotten: it said goodbye, went silent, or the listener stopped. */
    @Override
    public CompletionStage<Void> closeFuture() {
        return closed.minimalCompletionStage();
    }

    private RemotingException noStream() {
        return new RemotingException("gRPC client " + clientId + " has no open Telemetry stream");
    }
}
