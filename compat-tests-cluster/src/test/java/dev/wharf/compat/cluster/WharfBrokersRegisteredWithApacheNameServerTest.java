package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.KeyedSends;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Wharf brokers standalone (Local-mode gateway processes with {@code cluster.register}) registered with a
 * real Apache RocketMQ 5.5.0 NameServer, and nothing else of Apache's: the official Remoting client, pointed at
 * the Apache NameServer, creates a topic on both, produces to both and consumes every message straight from the
 * Wharf brokers. A broker that stops cleanly unregisters, and the NameServer's route drops it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WharfBrokersRegisteredWithApacheNameServerTest {

    private static final int MESSAGES = 24;
    private static final Set<String> BROKERS = Set.of("wharf-a", "wharf-b");

    private static ApacheRocketMqCluster nameServer;
    private static final Map<String, GatewayProcess> brokers = new ConcurrentHashMap<>();

    @RegisterExtension
    final Clients clients = new Clients();

    @BeforeAll
    static void start() {
        Path work = Path.of("target", "standalone-test", Long.toString(System.nanoTime())).toAbsolutePath();
        nameServer = ApacheRocketMqCluster.start(work.resolve("apache"), "standalone", 0);
        for (String name : BROKERS) {
            brokers.put(name, GatewayProcess.launchRegistered(name, List.of(nameServer.nameServerAddress()),
                    List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve(name).resolve("data"), name));
        }
    }

    @AfterAll
    static void stop() {
        brokers.values().forEach(GatewayProcess::close);
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @Test
    @Order(1)
    void theOfficialClientProducesToAndConsumesFromBothWharfBrokersThroughTheApacheNameServer() throws Exception {
        String topic = Names.unique("StandaloneTopic");
        DefaultMQProducer producer = clients.startedProducer(nameServer.nameServerAddress());
        createOnBothBrokers(producer, topic, 4);
        TopicRouteData route = route(producer, topic);
        for (BrokerData broker : route.getBrokerDatas()) {
            assertThat(broker.getCluster()).isEqualTo(ApacheRocketMqCluster.CLUSTER_NAME);
            assertThat(broker.getBrokerAddrs()).containsExactly(
                    Map.entry(0L, brokers.get(broker.getBrokerName()).brokerAddress()));
        }
        assertThat(route.getQueueDatas()).allSatisfy(queues -> {
            assertThat(queues.getWriteQueueNums()).isEqualTo(4);
            assertThat(queues.getPerm()).isEqualTo(6);
        });

        KeyedSends sent = KeyedSends.send(producer, topic, "key", MESSAGES);
        assertThat(sent.brokers()).as("the producer's queues span both Wharf brokers").isEqualTo(BROKERS);

        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(nameServer.nameServerAddress(), Names.unique("GID_standalone"), topic, "*",
                deliveries.acknowledgingListener());
        deliveries.awaitKeys(sent.keys(), "every message consumed from the Wharf brokers");
    }

    @Test
    @Order(2)
    void aBrokerThatStopsUnregistersAndTheNameServerDropsIt() throws Exception {
        String topic = Names.unique("LeavingTopic");
        DefaultMQProducer producer = clients.startedProducer(nameServer.nameServerAddress());
        createOnBothBrokers(producer, topic, 2);

        GatewayProcess leaving = brokers.remove("wharf-b");
        leaving.stop();

        // The output reaches the log file through a pump thread, a moment after the process exited.
        Waits.atMostBound("wharf-b logged its UNREGISTER_BROKER answer").untilAsserted(
                () -> assertThat(Files.readString(leaving.logFile()))
                        .contains("broker wharf-b unregistered from NameServer " + nameServer.nameServerAddress()));
        Waits.atMostBound("the NameServer dropped wharf-b").ignoreExceptions()
                .until(() -> brokerNames(route(producer, topic)).equals(Set.of("wharf-a")));
    }

    /** Creates {@code topic} through the client's own admin call, which every registered broker takes. */
    private static void createOnBothBrokers(DefaultMQProducer producer, String topic, int queues) throws Exception {
        Waits.atMostBound("both Wharf brokers registered TBW102").ignoreExceptions()
                .until(() -> brokerNames(route(producer, "TBW102")).equals(BROKERS));
        producer.createTopic("TBW102", topic, queues, Map.of());
        Waits.atMostBound("the topic's route names both Wharf brokers").ignoreExceptions()
                .until(() -> brokerNames(route(producer, topic)).equals(BROKERS));
    }

    /** The route as the Apache NameServer has it now, not the client's cached one. */
    private static TopicRouteData route(DefaultMQProducer producer, String topic) throws Exception {
        return producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl()
                .getTopicRouteInfoFromNameServer(topic, 3_000);
    }

    private static Set<String> brokerNames(TopicRouteData route) {
        return route.getBrokerDatas().stream().map(BrokerData::getBrokerName).collect(Collectors.toSet());
    }
}
