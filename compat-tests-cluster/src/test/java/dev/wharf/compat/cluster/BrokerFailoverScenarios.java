package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSON;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.SendingLoop;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
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
 * lost. Subclasses name the kind of brokers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerFailoverScenarios {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int HTTP_MESSAGES = 8;

    @RegisterExtension
    final Clients clients = new Clients();

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
    void sendsContinueOnTheSurvivingBrokerAndNothingAcknowledgedIsLost() throws Exception {
        String topic = Names.unique("ClusterFailover");
        backend.admin().createTopic(topic, "NORMAL", 4);
        String survivor = backend.brokerNames().get(0);
        String victim = backend.brokerNames().get(1);
        DefaultMQProducer producer = clients.startedProducer(gateway.nameServerAddress());
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

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
            httpKeys.add(publish(http, topic, "http-" + i));
        }

        Waits.atMostBound("the gateway's route names " + survivor + " alone").ignoreExceptions().until(
                () -> brokerNames(producer.fetchPublishMessageQueues(topic)).equals(Set.of(survivor)));
        Waits.atMostBound("the NameServer dropped " + victim).ignoreExceptions().until(
                () -> backend.admin().storedMessages(topic).keySet().equals(Set.of(survivor)));
        assertThat(backend.admin().storedMessages(topic).get(survivor)).as("messages on " + survivor)
                .isGreaterThanOrEqualTo(acknowledged.values().stream().filter(survivor::equals).count() + HTTP_MESSAGES);

        backend.restartBroker(victim);
        Waits.atMostBound("the gateway's route names both brokers again").ignoreExceptions().until(
                () -> brokerNames(producer.fetchPublishMessageQueues(topic)).equals(Set.copyOf(backend.brokerNames())));
        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(gateway.nameServerAddress(), Names.unique("GID_failover"), topic, "*",
                deliveries.acknowledgingListener());
        Set<String> expected = new HashSet<>(acknowledged.keySet());
        expected.addAll(httpKeys);
        deliveries.awaitKeys(expected, "every acknowledged message consumed");
    }

    /** Publishes through Wharf's HTTP API, which names no broker; returns the message's key once stored. */
    private String publish(HttpClient http, String topic, String key) throws Exception {
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(
                                "http://" + gateway.address("http") + "/v1/topics/" + topic + "/messages"))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.toJSONString(Map.of("body", key, "keys", List.of(key)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(JSON.parseObject(published.body()).getJSONArray("results").getJSONObject(0).getLongValue("offset"))
                .as(published.body()).isNotNegative();
        return key;
    }

    private static Set<String> brokerNames(List<MessageQueue> queues) {
        return queues.stream().map(MessageQueue::getBrokerName).collect(Collectors.toSet());
    }
}
