package dev.wharf.broker.lock;

import dev.wharf.broker.protocol.MessageQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker side of orderly consumption: which client of a group owns which queue. A lock is granted
 * when the queue is free, already the caller's, or its owner let it expire (no renewal within the expiry,
 * 60 s by default); orderly consumers renew every 20 s.
 *
 * <pre>{@code
 * Set<MessageQueue> mine = locks.lock("billing", "client-1", requested);
 * locks.unlock("billing", "client-1", mine);
 * }</pre>
 */
public final class QueueLockManager {

    private record Owner(String clientId, long lastRenewedMillis) {}

    private final Clock clock;
    private final Duration expiry;
    private final Map<String, Map<MessageQueue, Owner>> groups = new ConcurrentHashMap<>();

    public QueueLockManager(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    /** Locks or renews what it can of {@code queues} for {@code clientId}; returns the queues it now owns. */
    public Set<MessageQueue> lock(String group, String clientId, Set<MessageQueue> queues) {
        long now = clock.millis();
        Map<MessageQueue, Owner> owners = groups.computeIfAbsent(group, ignored -> new ConcurrentHashMap<>());
        Set<MessageQueue> granted = new TreeSet<>();
        synchronized (owners) {
            // Expired locks are free anyway; dropping them keeps departed clients from piling up.
            owners.values().removeIf(owner -> isExpired(owner, now));
            for (MessageQueue queue : queues) {
                Owner owner = owners.get(queue);
                if (owner == null || owner.clientId().equals(clientId)) {
                    owners.put(queue, new Owner(clientId, now));
                    granted.add(queue);
                }
            }
        }
        return granted;
    }

    /** Releases those of {@code queues} that {@code clientId} owns. */
    public void unlock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Owner> owners = groups.get(group);
        if (owners == null) {
            return;
        }
        synchronized (owners) {
            for (MessageQueue queue : queues) {
                Owner owner = owners.get(queue);
                if (owner != null && owner.clientId().equals(clientId)) {
                    owners.remove(queue);
                }
            }
        }
    }

    /**
     * Whether any queue of the group is locked and not expired: such a group consumes orderly, and its
     * retries that come back as direct sends go straight to the dead-letter queue (as upstream).
     */
    public boolean hasLiveLock(String group) {
        Map<MessageQueue, Owner> owners = groups.get(group);
        if (owners == null) {
            return false;
        }
        long now = clock.millis();
        synchronized (owners) {
            return owners.values().stream().anyMatch(owner -> !isExpired(owner, now));
        }
    }

    private boolean isExpired(Owner owner, long now) {
        return now - owner.lastRenewedMillis() > expiry.toMillis();
    }
}
