package dev.wharf.compat.cluster;

import dev.wharf.compat.support.v5.ClusterBackend.Kind;

/** {@link BrokerFailoverScenarios} with two Wharf brokers standalone registered with the Apache NameServer. */
class WharfBrokerFailoverTest extends BrokerFailoverScenarios {

    @Override
    Kind kind() {
        return Kind.WHARF_BROKERS;
    }
}
