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
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Cluster-mode gateway (the jar, as a process) in front of a real Apache RocketMQ 5.5.0 NameServer and two
 * brokers: the official Remoting client, pointed at the gateway as its NameServer, produces to a topic that
 * lives on both brokers and a push consumer consumes every message, all through the gateway. The routes the
 * clients got advertise the gateway for both brokers, under the brokers' own names; the gateway spoke plain
 * Remoting to the Apache brokers after its negotiation handshake was refused.
 */
class RemotingClientThroughClusterGatewayTest {

    private static final String LIB_DIR_PROPERTY = "wharf.apacheLibDir";
    private static final int MESSAGES = 24;

    private static ApacheRocketMqCluster cluster;
    private static GatewayProcess gateway;
    private static String topic;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "cluster-test", Long.toString(System.nanoTime())).toAbsolutePath();
        cluster = ApacheRocketMqCluster.start(Path.of(System.getProperty(LIB_DIR_PROPERTY, "missing")),
                work.resolve("apache"), "apache", 2);
        topic = Names.unique("ClusterTopic");
        createTopicOnEveryBroker(topic);
        gateway = GatewayProcess.launchInCluster(List.of(cluster.nameServerAddress()),
                List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve("gateway"), "cluster-gateway");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Straight at the Apache NameServer, once both brokers registered: the topic on each, 4 queues. */
    private static void createTopicOnEveryBroker(String topic) throws Exception {
        DefaultMQProducer admin = producer(cluster.nameServerAddress());
        try {
            Waits.atMostBound("both brokers registered with the NameServer").ignoreExceptions().until(
                    () -> brokerNames(admin.fetchPublishMessageQueues("TBW102")).equals(cluster.brokerAddresses().keySet()));
            admin.createTopic("TBW102", topic, 4, Map.of());
            Waits.atMostBound("the topic's route names both brokers").ignoreExceptions().until(
                    () -> brokerNames(admin.fetchPublishMessageQueues(topic)).equals(cluster.brokerAddresses().keySet()));
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void producesAndConsumesThroughTheGatewayOnBothApacheBrokers() throws Exception {
        DefaultMQProducer producer = producer(gateway.nameServerAddress());
        DefaultMQPushConsumer consumer = null;
        try {
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
            assertThat(sentTo).as("the producer's queues span both brokers").isEqualTo(cluster.brokerAddresses().keySet());
            assertAdvertisesTheGateway(producer.getDefaultMQProducerImpl().getMqClientFactory().getTopicRouteTable()
                    .get(topic));

            Set<String> received = ConcurrentHashMap.newKeySet();
            consumer = new DefaultMQPushConsumer(Names.unique("GID_cluster"));
            consumer.setNamesrvAddr(gateway.nameServerAddress());
            consumer.setInstanceName(Names.unique("consumer"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> received.add(message.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            Waits.atMostBound("every message consumed through the gateway").untilAsserted(
                    () -> assertThat(received).containsExactlyInAnyOrderElementsOf(sentKeys));
            assertAdvertisesTheGateway(
                    consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getTopicRouteTable().get(topic));
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
    }

    @Test
    void theGatewaySpeaksPlainRemotingToTheApacheBrokersAfterTheirRefusal() throws Exception {
        DefaultMQProducer producer = producer(gateway.nameServerAddress());
        try {
            // Any request for a broker makes the gateway connect to it.
            for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
                producer.send(new Message(topic, "hello".getBytes(StandardCharsets.UTF_8)), queue);
            }
        } finally {
            producer.shutdown();
        }
        String log = Files.readString(gateway.logFile());
        for (String broker : cluster.brokerAddresses().values()) {
            assertThat(log).as("the gateway's log").contains(broker + " does not negotiate (");
        }
    }

    /** Both brokers, under their own names, each at the gateway's address and nowhere else. */
    private static void assertAdvertisesTheGateway(TopicRouteData route) {
        assertThat(route).as("the client's route of " + topic).isNotNull();
        Map<String, Set<String>> addresses = route.getBrokerDatas().stream().collect(Collectors.toMap(
                BrokerData::getBrokerName, broker -> Set.copyOf(broker.getBrokerAddrs().values())));
        assertThat(addresses.keySet()).isEqualTo(cluster.brokerAddresses().keySet());
        assertThat(addresses.values()).allSatisfy(
                brokerAddresses -> assertThat(brokerAddresses).containsExactly(gateway.nameServerAddress()));
    }

    private static DefaultMQProducer producer(String nameServer) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("PID_cluster"));
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(Names.unique("producer"));
        producer.start();
        return producer;
    }

    private static Set<String> brokerNames(List<MessageQueue> queues) {
        return queues.stream().map(MessageQueue::getBrokerName).collect(Collectors.toSet());
    }
}
