package dev.wharf.broker;

/**
 * Threads of the broker's bounded business pools, one pool per class of work, and how many requests
 * each queues before the processor table answers "system busy".
 *
 * <pre>{@code
 * PoolSizes pools = PoolSizes.defaults().withSend(8);
 * }</pre>
 *
 * @param send threads storing sent messages ({@code broker-send})
 * @param pull threads serving pulls and pops ({@code broker-pull})
 * @param ack threads settling consumed messages: acks, invisible-time changes, send-backs ({@code broker-ack})
 * @param client threads for routes, heartbeats, offsets, consumer lists and locks ({@code broker-client})
 * @param admin threads for topic, group and statistics administration ({@code broker-admin})
 * @param queueCapacity requests each pool queues
 */
public record PoolSizes(int send, int pull, int ack, int client, int admin, int queueCapacity) {

    public PoolSizes {
        if (send < 1 || pull < 1 || ack < 1 || client < 1 || admin < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("every pool needs at least one thread and one queue slot: " + this);
        }
    }

    /** 4 send, 8 pull, 4 ack, 4 client and 2 admin threads, 10 000 queued requests per pool. */
    public static PoolSizes defaults() {
        return new PoolSizes(4, 8, 4, 4, 2, 10_000);
    }

    public PoolSizes withSend(int threads) {
        return new PoolSizes(threads, pull, ack, client, admin, queueCapacity);
    }

    public PoolSizes withPull(int threads) {
        return new PoolSizes(send, threads, ack, client, admin, queueCapacity);
    }
}
