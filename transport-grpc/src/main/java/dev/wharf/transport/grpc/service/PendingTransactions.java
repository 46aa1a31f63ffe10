package dev.wharf.transport.grpc.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the half messages of open transactions are, by topic and transaction id. A gRPC EndTransaction
 * names only those two, while the broker's END_TRANSACTION needs the half's queue offset and commit-log
 * offset: they are remembered from the half's send answer, and again from each check-back the broker
 * sends, so an answer to a check resolves even after the entry expired or on a restarted gateway.
 */
final class PendingTransactions {

    /** Long enough for slow local transactions; a forgotten one is still settled by the broker's checks. */
    static final Duration REMEMBERED_FOR = Duration.ofHours(1);
    private static final int MAX_REMEMBERED = 100_000;

    /**
     * Where one half message is.
     *
     * @param brokerName the broker that stored it, as a Cluster-mode gateway names it in the send answer or the
     *     broker in its check ({@code bname}); null when nobody named one (Local mode has one broker)
     */
    record HalfMessage(long queueOffset, long commitLogOffset, String brokerName) {}

    private record Key(String topic, String transactionId) {}

    private final Cache<Key, HalfMessage> halves = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBERED_FOR)
            .maximumSize(MAX_REMEMBERED)
            // Clean-up on the callers' threads, not on the JVM's common pool, which no registry bounds or names.
            .executor(Runnable::run)
            .build();

    void remember(String topic, String transactionId, HalfMessage half) {
        halves.put(new Key(topic, transactionId), half);
    }

    Optional<HalfMessage> find(String topic, String transactionId) {
        return Optional.ofNullable(halves.getIfPresent(new Key(topic, transactionId)));
    }

    /** The transaction was resolved: nothing more to end. */
    void forget(String topic, String transactionId) {
        halves.invalidate(new Key(topic, transactionId));
    }
}
