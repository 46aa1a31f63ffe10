package dev.wharf.compat.cluster;

import dev.wharf.compat.support.v5.ClusterBackend.Kind;

/** {@link BrokerFailoverScenarios} with two Apache RocketMQ 5.5.0 brokers. */
class ApacheBrokerFailoverTest extends BrokerFailoverScenarios {

    @Override
    Kind kind() {
        return Kind.APACHE_BROKERS;
    }
}
