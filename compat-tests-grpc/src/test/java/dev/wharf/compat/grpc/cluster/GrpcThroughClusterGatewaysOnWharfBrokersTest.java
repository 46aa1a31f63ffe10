package dev.wharf.compat.grpc.cluster;

import dev.wharf.compat.grpc.support.GatewaysOnSharedBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GrpcClusterScenarios} through two Cluster-mode gateways in front of two Wharf brokers
 * standalone (wharf-a, wharf-b) registered with Apache RocketMQ 5.5.0's NameServer.
 */
class GrpcThroughClusterGatewaysOnWharfBrokersTest extends GrpcClusterScenarios {

    @RegisterExtension
    static final GatewaysOnSharedBackend gateways = new GatewaysOnSharedBackend(Kind.WHARF_BROKERS);
}
