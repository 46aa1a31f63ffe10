package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.KeyedSends;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients behind one Cluster-mode gateway (the jar, as a process) in front of Apache RocketMQ 5.5.0 (a NameServer,
 * two brokers: the backend shared by this JVM's tests) as the brokers see them: each client connection has broker
 * connections of its own, so the brokers tell two consumers of one group apart, share the queues between them, and
 * reach each of them through the gateway with their consumer-ids-changed notices. (That a broker's transaction
 * check-back reaches its producer through the gateway, {@link ClusterGatewayScenarios} shows on both backends.)
 */
class ClientChannelsThroughClusterGatewayTest {

    private static final int QUEUES_PER_BROKER = 4;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.APACHE_BROKERS);

    private static ClusterBackend backend;
    private static GatewayProcess gateway;

    @RegisterExtension
    final Clients clients = new Clients();

    @BeforeAll
    static void start(ClusterBackend shared) {
        backend = shared;
        gateway = backend.launchGateway(List.of(ListenerSpec.plaintext("remoting", "remoting")), "channels-gateway");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void twoConsumersOfOneGroupAreTwoToTheBrokersAndShareTheQueues() throws Exception {
        String topic = Names.unique("SharedTopic");
        backend.admin().createTopic(topic, "NORMAL", QUEUES_PER_BROKER);
        String group = Names.unique("GID_shared");
        List<Deliveries> received = List.of(new Deliveries(), new Deliveries());
        List<DefaultMQPushConsumer> consumers = List.of(
                clients.startedPushConsumer(gateway.nameServerAddress(), group, topic, "*",
                        received.get(0).acknowledgingListener()),
                clients.startedPushConsumer(gateway.nameServerAddress(), group, topic, "*",
                        received.get(1).acknowledgingListener()));
        Set<String> clientIds = consumers.stream().map(consumer -> consumer.getDefaultMQPushConsumerImpl()
                .getmQClientFactory().getClientId()).collect(Collectors.toSet());
        assertThat(clientIds).hasSize(2);

        // Asked of each Apache broker directly: both clients are members of the group.
        MQClientInstance asker = consumers.get(0).getDefaultMQPushConsumerImpl().getmQClientFactory();
        for (String broker : backend.brokerAddresses().values()) {
            Waits.atMostBound("broker " + broker + " lists both consumers").ignoreExceptions().untilAsserted(
                    () -> assertThat(asker.getMQClientAPIImpl().getConsumerIdListByGroup(broker, group, 3_000))
                            .containsExactlyInAnyOrderElementsOf(clientIds));
        }
        Waits.atMostBound("the queues split between the two consumers").untilAsserted(() -> {
            // The group's retry topic has queues too: only the topic's count here.
            List<Set<MessageQueue>> owned = consumers.stream().map(consumer -> consumer.getDefaultMQPushConsumerImpl()
                    .getRebalanceImpl().getProcessQueueTable().keySet().stream()
                    .filter(queue -> queue.getTopic().equals(topic))
                    .collect(Collectors.toSet())).toList();
            assertThat(owned).allSatisfy(queues -> assertThat(queues).isNotEmpty());
            assertThat(owned.get(0)).doesNotContainAnyElementsOf(owned.get(1));
            assertThat(owned.get(0).size() + owned.get(1).size()).isEqualTo(2 * QUEUES_PER_BROKER);
        });

        KeyedSends sent = KeyedSends.send(clients.startedProducer(gateway.nameServerAddress()), topic, "shared",
                4 * 2 * QUEUES_PER_BROKER);

        Waits.atMostBound("every message consumed once by the group").untilAsserted(() -> {
            Set<String> all = new HashSet<>(received.get(0).keys());
            all.addAll(received.get(1).keys());
            assertThat(all).containsExactlyInAnyOrderElementsOf(sent.keys());
        });
        assertThat(received).allSatisfy(share -> assertThat(share.keys()).as("each consumer's share").isNotEmpty());
    }
}
