package dev.wharf.transport.tck;

/**
 * A running subscription of a {@link TckConnection}; closing it stops the deliveries. What was delivered but
 * not acknowledged may come back later, as the protocol has it.
 */
public interface TckSubscription extends AutoCloseable {

    /** Stops receiving; never throws. */
    @Override
    void close();
}
