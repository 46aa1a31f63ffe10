package dev.wharf.transport.spi.local;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingException;
import io.netty.util.DefaultAttributeMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The connection a processor sees when an in-process caller sent the request on its own behalf. There
 * is no remote client behind it to push to, so pushes fail rather than vanish. A transport uses one for what it
 * asks of the broker for itself rather than for a client (the MQTT plugin reading its retained messages).
 *
 * <pre>{@code
 * RequestContext own = new RequestContext(new InProcessConnection("mqtt-retained"), clock.millis());
 * messaging.read(own, "wharf_mqtt_retained", 0, 0, MessagingService.MAX_BATCH);
 * }</pre>
 */
public final class InProcessConnection extends DefaultAttributeMap implements Connection {

    private static final SocketAddress ADDRESS = InetSocketAddress.createUnresolved("in-process", 0);

    private final String id;

    /** @param id what the connection is called in logs and metrics; unique for the life of the process */
    public InProcessConnection(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.LOCAL;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ADDRESS;
    }

    @Override
    public SocketAddress localAddress() {
        return ADDRESS;
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        return CompletableFuture.failedFuture(noClient());
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(noClient());
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }

    private static RemotingException noClient() {
        return new RemotingException("an in-process caller takes no requests from the server");
    }
}
