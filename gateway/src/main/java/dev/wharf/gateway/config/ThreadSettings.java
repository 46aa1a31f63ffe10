package dev.wharf.gateway.config;

import dev.wharf.broker.PoolSizes;

/**
 * Thread counts: the shared I/O event loops and the broker's bounded business pools, one per class of
 * work (send, pull, ack, client, admin).
 *
 * <pre>{@code
 * threads:
 *   io: 0          # one event loop per core
 *   send: 4
 *   pull: 8
 *   ack: 4
 *   client: 4
 *   admin: 2
 *   queueCapacity: 10000
 * }</pre>
 *
 * @param io event-loop threads shared by every listener and client; 0 for one per core
 * @param send threads storing sent messages
 * @param pull threads serving pulls and pops
 * @param ack threads settling consumed messages: acks, invisible-time changes and send-backs
 * @param client threads for heartbeats, offsets and consumer lists
 * @param admin threads for topic and group administration
 * @param queueCapacity requests each business pool queues before answering "system busy"
 */
public record ThreadSettings(int io, int send, int pull, int ack, int client, int admin, int queueCapacity) {

    /** One I/O loop per core, and the broker's own pool defaults. */
    public static ThreadSettings defaults() {
        PoolSizes pools = PoolSizes.defaults();
        return new ThreadSettings(0, pools.send(), pools.pull(), pools.ack(), pools.client(), pools.admin(), pools.queueCapacity());
    }

    /** The I/O thread count to use: {@link #io()}, or the number of cores when it is 0. */
    public int ioThreadsOrCores() {
        return io > 0 ? io : Runtime.getRuntime().availableProcessors();
    }
}
