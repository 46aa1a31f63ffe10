package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.SendingLoop;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway restart loses nothing: a Remoting producer sends through gateway 1 and a push consumer consumes through
 * gateway 2, both Cluster-mode gateways in front of the shared Apache RocketMQ backend, while gateway 2 and then
 * gateway 1 stop (SIGTERM) and start again on the same ports. The clients reconnect by themselves, and every message
 * whose send was acknowledged is consumed (at least once: redeliveries are allowed), since a gateway holds nothing
 * that the brokers and clients do not rebuild.
 */
class GatewayRestartTest {

    private static final List<ListenerSpec> LISTENERS = List.of(ListenerSpec.plaintext("remoting", "remoting"));
    /** Sends acknowledged between one break and the next. */
    private static final int BETWEEN_BREAKS = 50;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.APACHE_BROKERS);

    @RegisterExtension
    final Clients clients = new Clients();

    private GatewayProcess producing;
    private GatewayProcess consuming;

    @AfterEach
    void stopGateways() {
        for (GatewayProcess gateway : new GatewayProcess[] {producing, consuming}) {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    @Test
    void everyAcknowledgedMessageIsConsumedAcrossRestartsOfBothGateways(ClusterBackend backend) throws Exception {
        producing = backend.launchGateway(LISTENERS, "restart-gateway-1");
        consuming = backend.launchGateway(LISTENERS, "restart-gateway-2");
        String topic = Names.unique("ClusterRestart");
        backend.admin().createTopic(topic, "NORMAL", 4);
        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(consuming.nameServerAddress(), Names.unique("GID_restart"), topic, "*",
                deliveries.acknowledgingListener());
        String consumingAddress = consuming.nameServerAddress();
        String producingAddress = producing.nameServerAddress();

        Map<String, String> acknowledged;
        try (SendingLoop sending = SendingLoop.start(clients.startedProducer(producing.nameServerAddress()), topic)) {
            sending.awaitAcknowledged(BETWEEN_BREAKS);
            consuming = consuming.restart("restart-gateway-2-restarted");
            sending.awaitAcknowledged(sending.acknowledged().size() + BETWEEN_BREAKS);
            producing = producing.restart("restart-gateway-1-restarted");
            sending.awaitAcknowledged(sending.acknowledged().size() + BETWEEN_BREAKS);
            acknowledged = sending.acknowledged();
        }

        assertThat(consuming.nameServerAddress()).as("gateway 2's address after its restart").isEqualTo(consumingAddress);
        assertThat(producing.nameServerAddress()).as("gateway 1's address after its restart").isEqualTo(producingAddress);
        assertThat(Set.copyOf(acknowledged.values())).as("brokers that acknowledged sends")
                .containsExactlyInAnyOrderElementsOf(backend.brokerNames());
        deliveries.awaitKeys(acknowledged.keySet(), "every acknowledged message consumed through gateway 2");
    }
}
