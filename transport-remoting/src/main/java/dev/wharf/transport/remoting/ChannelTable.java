package dev.wharf.transport.remoting;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A client's connections by address, each a connect under way or an established connection. A table that was
 * closed (its origin's connection closed) takes no new connection, and those still connecting close once
 * they are ready.
 */
final class ChannelTable {

    final ConcurrentMap<String, CompletableFuture<RemotingConnection>> byAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    boolean isClosed() {
        return closed;
    }

    /** Closes every connection of the table, established or still connecting. */
    void close() {
        closed = true;
        byAddress.values().forEach(connection -> connection.thenAccept(RemotingConnection::close));
    }
}
