package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
        DefaultMQProducer producer = producer();
        DefaultMQPushConsumer consumer = null;
        try {
            Waits.atMostBound("both Wharf brokers registered TBW102").ignoreExceptions()
                    .until(() -> brokerNames(route(producer, "TBW102")).equals(BROKERS));
            producer.createTopic("TBW102", topic, 4, Map.of());
            Waits.atMostBound("the topic's route names both Wharf brokers").ignoreExceptions()
                    .until(() -> brokerNames(route(producer, topic)).equals(BROKERS));
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

            Set<String> sentKeys = new HashSet<>();
            Set<String> sentTo = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                String key = "key-" + i;
                SendResult result = producer.send(new Message(topic, "TagA", key,
                        ("message " + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sentKeys.add(key);
                sentTo.add(result.getMessageQueue().getBrokerName());
            }
            assertThat(sentTo).as("the producer's queues span both Wharf brokers").isEqualTo(BROKERS);

            Set<String> received = ConcurrentHashMap.newKeySet();
            consumer = new DefaultMQPushConsumer(Names.unique("GID_standalone"));
            consumer.setNamesrvAddr(nameServer.nameServerAddress());
            consumer.setInstanceName(Names.unique("consumer"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> received.add(message.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            Waits.atMostBound("every message consumed from the Wharf brokers").untilAsserted(
                    () -> assertThat(received).containsExactlyInAnyOrderElementsOf(sentKeys));
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
    }

    @Test
    @Order(2)
    void aBrokerThatStopsUnregistersAndTheNameServerDropsIt() throws Exception {
        String topic = Names.unique("LeavingTopic");
        DefaultMQProducer producer = producer();
        try {
            Waits.atMostBound("both Wharf brokers registered TBW102").ignoreExceptions()
                    .until(() -> brokerNames(route(producer, "TBW102")).equals(BROKERS));
            producer.createTopic("TBW102", topic, 2, Map.of());
            Waits.atMostBound("the topic's route names both Wharf brokers").ignoreExceptions()
                    .until(() -> brokerNames(route(producer, topic)).equals(BROKERS));

            GatewayProcess leaving = brokers.remove("wharf-b");
            leaving.stop();

            // The output reaches the log file through a pump thread, a moment after the process exited.
            Waits.atMostBound("wharf-b logged its UNREGISTER_BROKER answer").untilAsserted(
                    () -> assertThat(Files.readString(leaving.logFile()))
                            .contains("broker wharf-b unregistered from NameServer " + nameServer.nameServerAddress()));
            Waits.atMostBound("the NameServer dropped wharf-b").ignoreExceptions()
                    .until(() -> brokerNames(route(producer, topic)).equals(Set.of("wharf-a")));
        } finally {
            producer.shutdown();
        }
    }

    private static DefaultMQProducer producer() throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("PID_standalone"));
        producer.setNamesrvAddr(nameServer.nameServerAddress());
        producer.setInstanceName(Names.unique("producer"));
        producer.start();
        return producer;
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
