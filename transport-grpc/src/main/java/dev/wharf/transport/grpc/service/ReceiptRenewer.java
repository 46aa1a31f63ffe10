package dev.wharf.transport.grpc.service;

import dev.wharf.messaging.ReceiptCommands;
import dev.wharf.messaging.ReceiptHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages delivered with {@code auto_renew} (PushConsumer) invisible while the client works on them:
 * {@value #RENEW_AHEAD_MILLIS} ms before a message would reappear, its invisible time is extended by
 * {@value #INVISIBLE_MILLIS} ms again with CHANGE_MESSAGE_INVISIBLETIME, and the newest handle is kept. The
 * client only ever knows the handle it received, so its ack, invisible-time change or dead-lettering
 * {@link #release releases} the message here and acts on the newest handle (after a renewal in flight).
 * Renewal stops, letting the message reappear after its current invisible time, once the client is gone
 * or after {@link #MAX_RENEWAL}.
 */
final class ReceiptRenewer {

    /** The invisible time of an auto-renewed delivery, and of every renewal. */
    static final long INVISIBLE_MILLIS = 60_000;
    static final long RENEW_AHEAD_MILLIS = 10_000;
    static final Duration MAX_RENEWAL = Duration.ofHours(3);
    private static final Duration TICK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ReceiptRenewer.class);

    private record Key(String group, String handle) {}

    /** One message being renewed; {@code latest} never fails, a failed renewal keeps the older handle. */
    private static final class Renewal {
        final CallScope scope;
        final String group;
        final String topic;
        final long since;
        CompletableFuture<ReceiptHandle> latest;

        Renewal(CallScope scope, String group, String topic, ReceiptHandle handle, long since) {
            this.scope = scope;
            this.group = group;
            this.topic = topic;
            this.since = since;
            this.latest = CompletableFuture.completedFuture(handle);
        }
    }

    private final Map<Key, Renewal> renewals = new ConcurrentHashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final ReceiptCommands receipts;
    private final Clock clock;

    ReceiptRenewer(ReceiptCommands receipts, Clock clock) {
        this.receipts = receipts;
        this.clock = clock;
    }

    /** Checks the renewals every second on {@code timer}, doing the work on {@code pool}; cancel to stop. */
    ScheduledFuture<?> start(ScheduledExecutorService timer, Executor pool) {
        return timer.scheduleAtFixedRate(() -> {
            if (renewals.isEmpty() || !ticking.compareAndSet(false, true)) {
                return;
            }
            try {
                pool.execute(() -> {
                    try {
                        tick();
                    } finally {
                        ticking.set(false);
                    }
                });
            } catch (RejectedExecutionException full) {
                // A busy pool: the next second tries again, well within the renew-ahead margin.
                ticking.set(false);
            }
        }, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts renewing a message delivered to the client of {@code scope} with {@code handle}. */
    void track(CallScope scope, String group, String topic, ReceiptHandle handle) {
        renewals.put(new Key(group, handle.encode()), new Renewal(scope, group, topic, handle, clock.millis()));
    }

    /**
     * Stops renewing the message the client knows by {@code handle}.
     *
     * @return the newest handle of the message, once a renewal in flight is done; empty when it is not renewed
     */
    Optional<CompletableFuture<ReceiptHandle>> release(String group, String handle) {
        Renewal renewal = renewals.remove(new Key(group, handle));
        if (renewal == null) {
            return Optional.empty();
        }
        synchronized (renewal) {
            return Optional.of(renewal.latest);
        }
    }

    /** Messages being renewed. */
    int size() {
        return renewals.size();
    }

    /** Renews what is due, and drops what can no longer or need no longer be renewed. */
    void tick() {
        long now = clock.millis();
        renewals.forEach((key, renewal) -> {
            if (!renewal.scope.connection().isActive() || now - renewal.since >= MAX_RENEWAL.toMillis()) {
                renewals.remove(key, renewal);
                return;
            }
            synchronized (renewal) {
                // Released meanwhile: its acker took the latest handle, a new renewal would outlive the ack.
                if (renewals.get(key) != renewal || !renewal.latest.isDone()) {
                    return;
                }
                ReceiptHandle current = renewal.latest.join();
                if (current.isExpired(now)) {
                    renewals.remove(key, renewal);
                    return;
                }
                if (current.expiresAt() - now <= RENEW_AHEAD_MILLIS) {
                    renewal.latest = renew(renewal, current);
                }
            }
        });
    }

    private CompletableFuture<ReceiptHandle> renew(Renewal renewal, ReceiptHandle current) {
        CompletableFuture<ReceiptHandle> renewed;
        try {
            renewed = receipts.changeInvisibleTime(renewal.scope.requestContext(), renewal.group, renewal.topic, current,
                    INVISIBLE_MILLIS);
        } catch (RuntimeException e) {
            renewed = CompletableFuture.failedFuture(e);
        }
        return renewed.exceptionally(failure -> {
            log.debug("renewing {} of {} failed; trying again while it is invisible: {}", current.encode(),
                    renewal.group, failure.getMessage());
            return current;
        });
    }
}
