package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends commands to servers and matches their responses. One client serves many addresses and keeps
 * its connections to them; it also serves requests the server sends back (register processors for
 * those on it, as on a server).
 *
 * <pre>{@code
 * RemotingClient client = clients.createClient(ProtocolType.REMOTING, ClientOptions.defaults());
 * client.invoke("127.0.0.1:9876", routeRequest, Duration.ofSeconds(3))
 *       .thenAccept(response -> ...);
 * client.close();
 * }</pre>
 */
public interface RemotingClient extends ProcessorRegistry, AutoCloseable {

    /**
     * Sends {@code request} to {@code address} and completes with the response. The future fails with
     * {@link RemotingTimeoutException} after {@code timeout}, or with {@link RemotingConnectException}
     * when the address cannot be reached. The client assigns the opaque. A network client sends a request
     * flagged oneway as {@link #invokeOneway} does and completes with {@code null} once it is written.
     */
    CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout);

    /**
     * As {@link #invoke(String, RemotingCommand, Duration)}, on behalf of a request that arrived on
     * {@code origin}. The far side can then reach the original client's connection: the in-process client
     * hands it the origin itself; a network client made with {@link ClientOptions#withChannelPerOrigin} sends
     * over a connection of the origin's own and relays the server's requests there to it. Other network
     * clients ignore the origin.
     */
    default CompletableFuture<RemotingCommand> invoke(
            RequestContext origin, String address, RemotingCommand request, Duration timeout) {
        return invoke(address, request, timeout);
    }

    /** Sends a request that expects no answer; completes when it is written. */
    CompletableFuture<Void> invokeOneway(String address, RemotingCommand request);

    /** Closes every connection of this client. */
    @Override
    void close();
}
