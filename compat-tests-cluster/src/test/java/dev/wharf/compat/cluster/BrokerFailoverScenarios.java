package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.SendingLoop;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker of the cluster dies (SIGKILL) under a Cluster-mode gateway while a Remoting producer sends through it: a
 * backend of its own (two brokers behind an Apache NameServer), since it kills one. Sends continue on the surviving
 * broker, the client's retries and the gateway's own retry of Wharf's HTTP sends (which name no broker) taking them
 * there, and the routes the gateway hands out soon name the survivor alone. Once the dead broker is back on its
 * store, a consumer through the gateway receives every message that was ever acknowledged: nothing acknowledged is
 * lost. Messages popped (HTTP receive) before the kill and not acknowledged come back once their broker is back,
 * from the checkpoints it kept: nothing popped is lost either, and what was acknowledged does not come back.
 * Subclasses name the kind of brokers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerFailoverScenarios {

    private static final int HTTP_MESSAGES = 8;
    private static final int POPPED = 8;

    @RegisterExtension
    final Clients clients = new Clients();
    private final HttpApi http = new HttpApi();

    private ClusterBackend backend;
    private GatewayProcess gateway;

    /** The brokers to kill one of. */
    abstract Kind kind();

    @BeforeAll
    void start() {
        backend = ClusterBackend.start(kind(), getClass().getSimpleName());
        gateway = backend.launchGateway(
                List.of(ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("http", "http")),
                getClass().getSimpleName() + "-gateway");
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void sendsContinueOnTheSurvivingBrokerAndNothingAcknowledgedOrPoppedIsLost() throws Exception {
        String topic = Names.unique("ClusterFailover");
        backend.admin().createTopic(topic, "NORMAL", 4);
        String survivor = backend.brokerNames().get(0);
        String victim = backend.brokerNames().get(1);
        DefaultMQProducer producer = clients.startedProducer(gateway.nameServerAddress());
        Popped popped = popAndAcknowledgeOnly(survivor);

        Map<String, String> acknowledged;
        try (SendingLoop sending = SendingLoop.start(producer, topic)) {
            sending.awaitAcknowledged(40);
            assertThat(Set.copyOf(sending.acknowledged().values())).as("brokers that took sends before the kill")
                    .containsExactlyInAnyOrderElementsOf(backend.brokerNames());
            backend.killBroker(victim);
            int beforeKill = sending.acknowledged().size();
            sending.awaitAcknowledged(beforeKill + 40);
            acknowledged = sending.acknowledged();
        }
        Set<String> httpKeys = new HashSet<>();
        for (int i = 0; i < HTTP_MESSAGES; i++) {
            httpKeys.add(http.publish(gateway, topic, "http-" + i));
        }

        GatewayRoutes.awaitBrokers(producer, topic, Set.of(survivor));
        Waits.atMostBound("the NameServer dropped " + victim).ignoreExceptions().until(
                () -> backend.admin().storedMessages(topic).keySet().equals(Set.of(survivor)));
        assertThat(backend.admin().storedMessages(topic).get(survivor)).as("messages on " + survivor)
                .isGreaterThanOrEqualTo(acknowledged.values().stream().filter(survivor::equals).count() + HTTP_MESSAGES);

        backend.restartBroker(victim);
        GatewayRoutes.awaitBrokers(producer, topic, backend.brokerNames());
        // At least once: a broker killed before it recorded its revive progress may bring a message back twice.
        List<JSONObject> revived = http.receive(gateway, popped.group(), popped.topic(),
                all -> bodies(all).containsAll(popped.unacknowledged()));
        assertThat(bodies(revived)).as("the messages popped from " + victim + " and not acknowledged, back once it is")
                .isEqualTo(popped.unacknowledged());
        for (JSONObject message : revived) {
            http.ack(gateway, popped.group(), popped.topic(), message);
        }

        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(gateway.nameServerAddress(), Names.unique("GID_failover"), topic, "*",
                deliveries.acknowledgingListener());
        Set<String> expected = new HashSet<>(acknowledged.keySet());
        expected.addAll(httpKeys);
        deliveries.awaitKeys(expected, "every acknowledged message consumed");
    }

    private static Set<String> bodies(List<JSONObject> messages) {
        return messages.stream().map(message -> message.getString("body")).collect(Collectors.toSet());
    }

    /** What was popped before the kill: the bodies of the messages not acknowledged. */
    private record Popped(String topic, String group, Set<String> unacknowledged) {}

    /**
     * Publishes {@value #POPPED} messages over both brokers through the HTTP API, receives them all (POP, each
     * invisible for 10 s) and acknowledges those on {@code acknowledged} only.
     */
    private Popped popAndAcknowledgeOnly(String acknowledged) throws Exception {
        String topic = Names.unique("ClusterFailoverPop");
        String group = Names.unique("GID_failover_pop");
        backend.admin().createTopic(topic, "NORMAL", 2);
        backend.admin().createGroup(group, false);
        backend.admin().consumeFromStart(group, topic);
        for (int i = 0; i < POPPED; i++) {
            http.publish(gateway, topic, "popped-" + i);
        }
        List<JSONObject> received = http.receive(gateway, group, topic, all -> all.size() >= POPPED);
        assertThat(received).extracting(HttpApi::brokerOf).as("the brokers the popped messages came from")
                .containsAll(backend.brokerNames());
        Set<String> unacknowledged = new HashSet<>();
        for (JSONObject message : received) {
            if (HttpApi.brokerOf(message).equals(acknowledged)) {
                http.ack(gateway, group, topic, message);
            } else {
                unacknowledged.add(message.getString("body"));
            }
        }
        return new Popped(topic, group, unacknowledged);
    }
}
