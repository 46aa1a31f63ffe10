package dev.wharf.bench;

/**
 * How the drain's push consumer receives: the classic way, or as a 5.x POP consumer.
 *
 * <ul>
 *   <li>{@code pull}: the client balances the queues among the group and pulls each one (PULL_MESSAGE),
 *       committing offsets now and then;</li>
 *   <li>{@code pop}: the broker assigns the queues (QUERY_ASSIGNMENT in POP mode, which the bench sets for the
 *       group first) and the client receives with POP_MESSAGE and acknowledges every message with ACK_MESSAGE.</li>
 * </ul>
 */
public enum ConsumeMode {
    PULL,
    POP
}
