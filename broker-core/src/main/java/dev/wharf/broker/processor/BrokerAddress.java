package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.transport.spi.RequestContext;

/**
 * The address routes advertise: the configured one, or else the address the asking client reached us on,
 * so a client is always sent back to an address it can reach.
 */
public final class BrokerAddress {

    private final BrokerConfig config;

    public BrokerAddress(BrokerConfig config) {
        this.config = config;
    }

    public String advertisedTo(RequestContext context) {
        return config.advertisedAddress().orElseGet(() -> Addresses.hostPort(context.connection().localAddress()));
    }
}
