package dev.wharf.gateway.local;

import dev.wharf.transport.spi.RemotingCommand;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Which broker a forwarded command goes to: the one in-process broker in Local mode, the broker the command
 * names in Cluster mode.
 *
 * <pre>{@code
 * BrokerSelector local = BrokerSelector.fixed("broker");
 * local.select(request).thenCompose(address -> client.invoke(address, request, timeout));
 * }</pre>
 */
public interface BrokerSelector {

    /**
     * The address of the broker that serves {@code request}. Fails with a
     * {@link dev.wharf.transport.spi.RemotingCommandException} (whose code and remark the client gets) when no
     * broker can.
     */
    CompletableFuture<String> select(RemotingCommand request);

    /** Told that {@code address}, which {@link #select} chose, could not be reached or did not answer in time. */
    default void unreachable(String address) {
    }

    /** Every command to {@code address}. */
    static BrokerSelector fixed(String address) {
        Objects.requireNonNull(address, "address");
        CompletableFuture<String> selected = CompletableFuture.completedFuture(address);
        return request -> selected;
    }
}
