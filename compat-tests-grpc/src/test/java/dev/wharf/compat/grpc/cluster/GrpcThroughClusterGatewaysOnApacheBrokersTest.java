package dev.wharf.compat.grpc.cluster;

import dev.wharf.compat.grpc.support.GatewaysOnSharedBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GrpcClusterScenarios} through two Cluster-mode gateways in front of Apache RocketMQ 5.5.0's
 * own brokers (broker-a, broker-b) behind its NameServer.
 */
class GrpcThroughClusterGatewaysOnApacheBrokersTest extends GrpcClusterScenarios {

    @RegisterExtension
    static final GatewaysOnSharedBackend gateways = new GatewaysOnSharedBackend(Kind.APACHE_BROKERS);
}
