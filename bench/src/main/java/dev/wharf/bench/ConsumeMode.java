package dev.wharf.bench;

/**
 * How a drain receives: the push consumer the classic way or as a 5.x POP consumer, or lean POP requests.
 *
 * <ul>
 *   <li>{@code pull}: the client balances the queues among the group and pulls each one (PULL_MESSAGE),
 *       committing offsets now and then;</li>
 *   <li>{@code pop}: the broker assigns the queues (QUERY_ASSIGNMENT in POP mode, which the bench sets for the
 *       group first) and the client receives with POP_MESSAGE and acknowledges every message with ACK_MESSAGE;</li>
 *   <li>{@code pop_batch_ack}: no push consumer; one POP_MESSAGE request in flight per queue, each batch acknowledged
 *       with one BATCH_ACK_MESSAGE, as a gRPC proxy consumes ({@link BatchAckPopDrain}).</li>
 * </ul>
 */
public enum ConsumeMode {
    PULL,
    POP,
    POP_BATCH_ACK
}
