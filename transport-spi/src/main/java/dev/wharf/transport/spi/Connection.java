package dev.wharf.transport.spi;

import io.netty.util.AttributeMap;
import java.net.SocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One client's connection, whatever its protocol, seen from the server side.
 *
 * <p>Processors use it to push toward the client: a transaction check-back, a notice that a consumer
 * group changed, a delivery to a subscription. Per-connection state lives in its attributes.
 *
 * <pre>{@code
 * AttributeKey<String> CLIENT_ID = AttributeKey.valueOf("clientId");
 * connection.attr(CLIENT_ID).set("10.0.0.7@4711");
 *
 * RemotingCommand notice = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
 *         .extField("consumerGroup", "billing").oneway().build();
 * connection.send(notice);
 * }</pre>
 */
public interface Connection extends AttributeMap {

    /** Unique for the life of the process. */
    String id();

    ProtocolType protocol();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** The verified identity of a mutual-TLS peer; empty for plaintext or one-way TLS. */
    default Optional<Principal> tlsPeer() {
        return Optional.empty();
    }

    boolean isActive();

    /** Sends a command that expects no answer; completes when it is written. */
    CompletableFuture<Void> send(RemotingCommand command);

    /** Sends a request toward the client and completes with its response, or fails after {@code timeout}. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout);

    /** Closes the connection; completes when it is closed. */
    CompletableFuture<Void> close();

    /**
     * Completes once the connection has closed, however that happened, so that what is held on its behalf
     * (a broker channel a Cluster-mode gateway opened for this client) can be let go. The same future on
     * every call. The default never completes: holders then fall back on their own idle timeouts.
     */
    default CompletionStage<Void> closeFuture() {
        return NeverClosed.STAGE;
    }
}
