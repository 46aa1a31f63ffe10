package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections a client opened on behalf of origins (the front connections of a gateway), one
 * {@link ChannelTable} per origin: an origin's connections close when it closes, and all of them together are
 * at most {@code max}, counted from the start of a connect to the close of the connection.
 */
final class OriginChannels {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    /** By {@link Connection#id()}, unique for the life of the process. */
    private final Map<String, ChannelTable> byOrigin = new ConcurrentHashMap<>();

    OriginChannels(int max) {
        this.max = max;
    }

    /** {@code origin}'s connections, a table made on first use and closed when {@code origin} closes. */
    ChannelTable of(Connection origin) {
        ChannelTable table = byOrigin.get(origin.id());
        if (table != null) {
            return table;
        }
        ChannelTable fresh = new ChannelTable();
        table = byOrigin.putIfAbsent(origin.id(), fresh);
        if (table != null) {
            return table;
        }
        origin.closeFuture().whenComplete((closed, failure) -> {
            byOrigin.remove(origin.id(), fresh);
            fresh.close();
        });
        return fresh;
    }

    /**
     * Takes one of the {@code max} connections: the returned action gives it back (only its first run counts).
     *
     * @return {@code null} when all are taken
     */
    Runnable take() {
        int current;
        do {
            current = open.get();
            if (current >= max) {
                return null;
            }
        } while (!open.compareAndSet(current, current + 1));
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        };
    }

    int max() {
        return max;
    }

    /** Connections open or connecting for origins. */
    int open() {
        return open.get();
    }
}
