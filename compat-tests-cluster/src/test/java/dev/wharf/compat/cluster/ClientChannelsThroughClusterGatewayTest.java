package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients behind one Cluster-mode gateway (the jar, as a process) in front of Apache RocketMQ 5.5.0 (a NameServer,
 * two brokers: the backend shared by this JVM's tests) as the brokers see them: each client connection has broker connections of its own, so the brokers
 * tell two consumers of one group apart and share the queues between them, and what a broker asks a client (a
 * transaction check-back, a consumer-ids-changed notice) reaches that client through the gateway.
 */
class ClientChannelsThroughClusterGatewayTest {

    private static final int QUEUES_PER_BROKER = 4;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.APACHE_BROKERS);

    private static ClusterBackend backend;
    private static GatewayProcess gateway;

    private final List<Runnable> shutdowns = new ArrayList<>();

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

    @AfterEach
    void shutdownClients() {
        shutdowns.forEach(Runnable::run);
    }

    @Test
    void aTransactionLeftUnknownIsCommittedByTheCheckBackRelayedToItsProducer() throws Exception {
        String topic = createTopicOnEveryBroker("TxTopic", "TRANSACTION");
        Set<String> checked = ConcurrentHashMap.newKeySet();
        TransactionMQProducer producer = new TransactionMQProducer(Names.unique("PID_tx"));
        producer.setNamesrvAddr(gateway.nameServerAddress());
        producer.setInstanceName(Names.unique("tx-producer"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                checked.add(message.getKeys());
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        shutdowns.add(producer::shutdown);
        Set<String> sentKeys = new HashSet<>();
        Set<String> sentTo = new HashSet<>();
        for (int i = 0; i < 2 * QUEUES_PER_BROKER; i++) {
            String key = "tx-" + i;
            TransactionSendResult result = producer.sendMessageInTransaction(
                    new Message(topic, "TagA", key, ("transaction " + i).getBytes(StandardCharsets.UTF_8)), null);
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
            sentKeys.add(key);
            sentTo.add(result.getMessageQueue().getBrokerName());
        }
        assertThat(sentTo).as("half messages on both brokers").containsExactlyInAnyOrderElementsOf(backend.brokerNames());

        Group group = consume(topic, Names.unique("GID_tx"), 1);

        Waits.atMostBound("every half message checked back, committed and consumed").untilAsserted(
                () -> assertThat(group.received().get(0)).containsExactlyInAnyOrderElementsOf(sentKeys));
        assertThat(checked).containsExactlyInAnyOrderElementsOf(sentKeys);
    }

    @Test
    void twoConsumersOfOneGroupAreTwoToTheBrokersAndShareTheQueues() throws Exception {
        String topic = createTopicOnEveryBroker("SharedTopic", "NORMAL");
        String group = Names.unique("GID_shared");
        Group members = consume(topic, group, 2);
        List<DefaultMQPushConsumer> consumers = members.consumers();
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

        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("PID_shared"));
        producer.setNamesrvAddr(gateway.nameServerAddress());
        producer.setInstanceName(Names.unique("producer"));
        producer.start();
        shutdowns.add(producer::shutdown);
        Set<String> sentKeys = new HashSet<>();
        for (int i = 0; i < 4 * 2 * QUEUES_PER_BROKER; i++) {
            String key = "shared-" + i;
            SendResult result = producer.send(new Message(topic, "TagA", key,
                    ("message " + i).getBytes(StandardCharsets.UTF_8)));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            sentKeys.add(key);
        }

        Waits.atMostBound("every message consumed once by the group").untilAsserted(() -> {
            Set<String> all = new HashSet<>();
            members.received().forEach(all::addAll);
            assertThat(all).containsExactlyInAnyOrderElementsOf(sentKeys);
        });
        assertThat(members.received()).allSatisfy(keys -> assertThat(keys).as("each consumer's share").isNotEmpty());
    }

    /** Push consumers of one group, and the keys each received (same order). */
    private record Group(List<DefaultMQPushConsumer> consumers, List<Set<String>> received) {
    }

    /** Starts {@code count} push consumers of {@code group} through the gateway, from the first offset. */
    private Group consume(String topic, String group, int count) throws Exception {
        List<Set<String>> received = new ArrayList<>();
        List<DefaultMQPushConsumer> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Set<String> keys = ConcurrentHashMap.newKeySet();
            received.add(keys);
            DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
            consumer.setNamesrvAddr(gateway.nameServerAddress());
            consumer.setInstanceName(Names.unique("consumer"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> keys.add(message.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            shutdowns.add(consumer::shutdown);
            started.add(consumer);
        }
        return new Group(List.copyOf(started), List.copyOf(received));
    }

    /** A topic of {@code messageType} with {@value #QUEUES_PER_BROKER} queues on each broker. */
    private static String createTopicOnEveryBroker(String prefix, String messageType) throws Exception {
        String topic = Names.unique(prefix);
        backend.admin().createTopic(topic, messageType, QUEUES_PER_BROKER);
        return topic;
    }
}
