package dev.wharf.compat.cluster;

import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ClusterGatewayScenarios} in front of two Wharf brokers standalone (Local-mode gateway processes with
 * {@code cluster.register}) registered with a real Apache RocketMQ 5.5.0 NameServer.
 */
class ClusterGatewaysOnWharfBrokersTest extends ClusterGatewayScenarios {

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.WHARF_BROKERS);
}
