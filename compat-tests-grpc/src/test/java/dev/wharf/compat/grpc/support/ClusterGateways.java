package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.v5.ClusterBackend;
import java.util.List;

/**
 * Two Cluster-mode gateways (the jar, as processes), each with one plaintext gRPC listener, in front of one
 * {@link ClusterBackend}: tests produce through the first and consume through the second, so every message
 * crosses from one gateway's clients to the other's through the brokers. {@link #close()} stops the gateways, not
 * the backend.
 *
 * @param backend the brokers and NameServer behind both gateways
 * @param producing the gateway producers talk to
 * @param consuming the gateway consumers talk to
 */
public record ClusterGateways(ClusterBackend backend, GatewayProcess producing, GatewayProcess consuming)
        implements AutoCloseable {

    /** Launches both gateways in front of {@code backend}; their logs are named after {@code label}. */
    public static ClusterGateways launch(ClusterBackend backend, String label) {
        List<ListenerSpec> grpc = List.of(ListenerSpec.plaintext("grpc", "grpc"));
        GatewayProcess producing = backend.launchGateway(grpc, label + "-gateway-1");
        try {
            return new ClusterGateways(backend, producing, backend.launchGateway(grpc, label + "-gateway-2"));
        } catch (RuntimeException e) {
            producing.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            consuming.close();
        } finally {
            producing.close();
        }
    }
}
