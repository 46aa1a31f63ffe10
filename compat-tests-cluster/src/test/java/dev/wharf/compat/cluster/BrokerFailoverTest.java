package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSON;
import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ApacheClusterAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker of the cluster dies under a Cluster-mode gateway (a real Apache RocketMQ 5.5.0 NameServer and two
 * brokers, one killed with SIGKILL): every message published through Wharf's HTTP API afterwards is still
 * stored, on the surviving broker, since a send whose broker refuses the connection goes once to another
 * broker's queue; and the routes the gateway hands out soon name the surviving broker alone.
 */
class BrokerFailoverTest {

    private static final String LIB_DIR_PROPERTY = "wharf.apacheLibDir";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MESSAGES = 16;

    private ApacheRocketMqCluster cluster;
    private ApacheClusterAdmin admin;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        Path work = Path.of("target", "failover-test", Long.toString(System.nanoTime())).toAbsolutePath();
        cluster = ApacheRocketMqCluster.start(Path.of(System.getProperty(LIB_DIR_PROPERTY, "missing")),
                work.resolve("apache"), "failover-apache", 2);
        admin = ApacheClusterAdmin.of(cluster);
        gateway = GatewayProcess.launchInCluster(List.of(cluster.nameServerAddress()),
                List.of(ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("http", "http")),
                work.resolve("gateway").resolve("work"), "failover-gateway");
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sendsFailOverToTheSurvivingBrokerAndRoutesDropTheDeadOne() throws Exception {
        String topic = Names.unique("ClusterFailover");
        admin.createTopic(topic, "NORMAL", 4);
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        for (int i = 0; i < 4; i++) {
            assertPublished(publish(http, topic, "before-" + i));
        }
        long storedOnA = admin.storedMessages(topic).get("broker-a");

        cluster.killBroker("broker-b");
        for (int i = 0; i < MESSAGES; i++) {
            assertPublished(publish(http, topic, "after-" + i));
        }

        DefaultMQProducer client = new DefaultMQProducer(Names.unique("PID_failover"));
        client.setNamesrvAddr(gateway.nameServerAddress());
        client.setInstanceName(Names.unique("failover"));
        client.start();
        try {
            Waits.atMostBound("the gateway's route names broker-a alone").ignoreExceptions().until(
                    () -> brokerNames(client.fetchPublishMessageQueues(topic)).equals(Set.of("broker-a")));
        } finally {
            client.shutdown();
        }
        Waits.atMostBound("the NameServer dropped broker-b").ignoreExceptions().until(
                () -> admin.storedMessages(topic).keySet().equals(Set.of("broker-a")));
        assertThat(admin.storedMessages(topic)).containsEntry("broker-a", storedOnA + MESSAGES);
    }

    private static void assertPublished(HttpResponse<String> published) {
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(JSON.parseObject(published.body()).getJSONArray("results").getJSONObject(0).getLongValue("offset"))
                .as(published.body()).isNotNegative();
    }

    private HttpResponse<String> publish(HttpClient http, String topic, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + gateway.address("http") + "/v1/topics/" + topic
                                + "/messages"))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.toJSONString(Map.of("body", body))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> brokerNames(List<MessageQueue> queues) {
        return queues.stream().map(MessageQueue::getBrokerName).collect(Collectors.toSet());
    }
}
