package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import java.nio.charset.StandardCharsets;
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
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Wharf Local-mode nodes registered with a real Apache RocketMQ 5.5.0 NameServer: wharf-a forwards to the
 * cluster's other brokers ({@code cluster.otherBrokers: forward}, the default), wharf-b omits them. The official
 * Remoting client, given wharf-a's listener as its NameServer, produces to and consumes a topic that lives on
 * wharf-b alone; wharf-b does not know a topic that lives on wharf-a alone.
 */
class LocalNodesInOneClusterTest {

    private static final int MESSAGES = 16;
    private static final long TIMEOUT_MILLIS = 5_000;
    /** RocketMQ's read and write permission bits. */
    private static final int PERM_READ_WRITE = 6;

    private static ApacheRocketMqCluster nameServer;
    private static GatewayProcess forwarding;
    private static GatewayProcess omitting;
    private static DefaultMQProducer admin;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "local-nodes-test", Long.toString(System.nanoTime())).toAbsolutePath();
        nameServer = ApacheRocketMqCluster.start(work.resolve("apache"), "local-nodes", 0);
        List<String> nameServers = List.of(nameServer.nameServerAddress());
        forwarding = GatewayProcess.launchRegistered("wharf-a", nameServers, "forward",
                List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve("a").resolve("data"), "wharf-a");
        omitting = GatewayProcess.launchRegistered("wharf-b", nameServers, "omit",
                List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve("b").resolve("data"), "wharf-b");
        admin = producer(nameServer.nameServerAddress());
        Waits.atMostBound("both nodes registered TBW102 with the NameServer").ignoreExceptions()
                .until(() -> brokerNames(route(admin, "TBW102")).equals(Set.of("wharf-a", "wharf-b")));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        for (GatewayProcess node : new GatewayProcess[] {forwarding, omitting}) {
            if (node != null) {
                node.close();
            }
        }
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @Test
    void aForwardingNodeServesATopicThatLivesOnlyOnTheOtherNode() throws Exception {
        String topic = Names.unique("OnlyOnB");
        // wharf-b omits the other brokers, so what it is asked to create is created on wharf-b alone.
        api(admin).createTopic(omitting.brokerAddress(), "TBW102", topicConfig(topic), TIMEOUT_MILLIS);
        Waits.atMostBound("the NameServer's route of the topic names wharf-b").ignoreExceptions()
                .until(() -> brokerNames(route(admin, topic)).equals(Set.of("wharf-b")));

        DefaultMQProducer producer = producer(forwarding.nameServerAddress());
        DefaultMQPushConsumer consumer = null;
        try {
            TopicRouteData route = route(producer, topic);
            assertThat(route.getBrokerDatas()).singleElement().satisfies(broker -> {
                assertThat(broker.getBrokerName()).isEqualTo("wharf-b");
                assertThat(broker.getBrokerAddrs()).containsExactly(Map.entry(0L, forwarding.brokerAddress()));
            });
            assertThat(route.getQueueDatas()).extracting(QueueData::getBrokerName).containsExactly("wharf-b");

            Set<String> sentKeys = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                String key = "key-" + i;
                SendResult result = producer.send(new Message(topic, "TagA", key,
                        ("message " + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(result.getMessageQueue().getBrokerName()).isEqualTo("wharf-b");
                sentKeys.add(key);
            }

            Set<String> received = ConcurrentHashMap.newKeySet();
            consumer = new DefaultMQPushConsumer(Names.unique("GID_local_nodes"));
            consumer.setNamesrvAddr(forwarding.nameServerAddress());
            consumer.setInstanceName(Names.unique("consumer"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> received.add(message.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            Waits.atMostBound("every message consumed through wharf-a from wharf-b").untilAsserted(
                    () -> assertThat(received).containsExactlyInAnyOrderElementsOf(sentKeys));
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
    }

    @Test
    void anOmittingNodeDoesNotKnowATopicThatLivesOnlyOnTheOtherNode() throws Exception {
        String topic = Names.unique("OnlyOnA");
        // Created through wharf-a, which forwards, the topic is on both brokers; wharf-b then deletes its own.
        api(admin).createTopic(forwarding.brokerAddress(), "TBW102", topicConfig(topic), TIMEOUT_MILLIS);
        api(admin).deleteTopicInBroker(omitting.brokerAddress(), topic, TIMEOUT_MILLIS);

        DefaultMQProducer producer = producer(omitting.nameServerAddress());
        try {
            Waits.atMostBound("wharf-a registered the topic").ignoreExceptions()
                    .until(() -> brokerNames(route(admin, topic)).contains("wharf-a"));
            MQClientException unknown = catchThrowableOfType(MQClientException.class, () -> route(producer, topic));
            assertThat(unknown.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        } finally {
            producer.shutdown();
        }
    }

    private static TopicConfig topicConfig(String topic) {
        TopicConfig config = new TopicConfig(topic, 4, 4, PERM_READ_WRITE);
        config.setAttributes(Map.of("+message.type", "NORMAL"));
        return config;
    }

    private static DefaultMQProducer producer(String nameServerAddress) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("PID_local_nodes"));
        producer.setNamesrvAddr(nameServerAddress);
        producer.setInstanceName(Names.unique("producer"));
        producer.start();
        return producer;
    }

    private static MQClientAPIImpl api(DefaultMQProducer producer) {
        return producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /** The route as the producer's NameServer has it now, not the client's cached one. */
    private static TopicRouteData route(DefaultMQProducer producer, String topic) throws Exception {
        return api(producer).getTopicRouteInfoFromNameServer(topic, 3_000);
    }

    private static Set<String> brokerNames(TopicRouteData route) {
        return route.getBrokerDatas().stream().map(BrokerData::getBrokerName).collect(Collectors.toSet());
    }
}
