package dev.wharf.compat.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkConfiguration;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.SimpleReceiver;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.v5.ApacheClusterAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official 5.x gRPC SDK through two Cluster-mode gateway processes in front of a real Apache RocketMQ 5.5.0
 * NameServer and two brokers: producers talk to one gateway, simple consumers to the other. Each topic lives on
 * both brokers with its message type in the brokers' topic config, which the gateways must report in routes
 * (the SDK refuses to send a FIFO or delayed message to a topic its route calls NORMAL).
 */
class GrpcThroughClusterGatewayTest {

    private static final String LIB_DIR_PROPERTY = "wharf.apacheLibDir";
    private static final int MESSAGES = 24;

    private static ApacheRocketMqCluster cluster;
    private static ApacheClusterAdmin admin;
    private static GatewayProcess producing;
    private static GatewayProcess consuming;

    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "grpc-cluster-test", Long.toString(System.nanoTime())).toAbsolutePath();
        cluster = ApacheRocketMqCluster.start(Path.of(System.getProperty(LIB_DIR_PROPERTY, "missing")),
                work.resolve("apache"), "grpc-apache", 2);
        admin = ApacheClusterAdmin.of(cluster);
        producing = gateway(work.resolve("gateway-1"), "grpc-cluster-gateway-1");
        consuming = gateway(work.resolve("gateway-2"), "grpc-cluster-gateway-2");
    }

    private static GatewayProcess gateway(Path dir, String label) {
        // Each gateway's configuration file sits next to its work folder, so each needs a folder of its own.
        return GatewayProcess.launchInCluster(List.of(cluster.nameServerAddress()),
                List.of(ListenerSpec.plaintext("grpc", "grpc")), dir.resolve("work"), label);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        for (GatewayProcess gateway : new GatewayProcess[] {producing, consuming}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
    }

    @Test
    void normalMessagesSentThroughOneGatewayReachBothBrokersAndAreAllReceivedThroughTheOther() throws Exception {
        String topic = topic("NORMAL");
        String group = group(topic, false);
        Producer producer = producer(topic);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(producer.send(Content.named("TagA", "normal-" + i).toMessage(topic)).getMessageId().toString());
        }
        List<Received> received = receiver(group, topic).ackAtLeast(MESSAGES, "every message through gateway 2");

        assertThat(admin.storedMessages(topic)).as("messages stored per broker")
                .containsOnlyKeys(cluster.brokerAddresses().keySet())
                .allSatisfy((broker, stored) -> assertThat(stored).as(broker).isPositive());
        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void fifoGroupsKeepTheirOrderAcrossTheCluster() throws Exception {
        String topic = topic("FIFO");
        String group = group(topic, true);
        Producer producer = producer(topic);

        List<String> sentOrder = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String messageGroup = "group-" + (i % 3);
            Content content = Content.named("TagA", messageGroup + "#" + i);
            producer.send(content.builder(topic).setMessageGroup(messageGroup).build());
            sentOrder.add(content.body());
        }
        List<Received> received = receiver(group, topic).ackAtLeast(MESSAGES, "every FIFO message");

        Map<String, List<String>> sentByGroup = byGroup(sentOrder);
        Map<String, List<String>> receivedByGroup = byGroup(received.stream().map(r -> r.content().body()).toList());
        assertThat(receivedByGroup).isEqualTo(sentByGroup);
    }

    @Test
    void delayedMessagesArriveOnlyAfterTheirDeliveryTime() throws Exception {
        String topic = topic("DELAY");
        String group = group(topic, false);
        Producer producer = producer(topic);
        long deliverAt = System.currentTimeMillis() + Duration.ofSeconds(5).toMillis();

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SendReceipt receipt = producer.send(Content.named("TagA", "delayed-" + i).builder(topic)
                    .setDeliveryTimestamp(deliverAt).build());
            sent.add(receipt.getMessageId().toString());
        }
        List<Received> received = receiver(group, topic).ackAtLeast(sent.size(), "every delayed message");

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(message -> assertThat(message.atMillis()).isGreaterThanOrEqualTo(deliverAt));
    }

    @Test
    void aCommittedTransactionIsDeliveredAndARolledBackOneIsNot() throws Exception {
        String topic = topic("TRANSACTION");
        String group = group(topic, false);
        Producer producer = closedLater(SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(SdkConfiguration.of(producing.grpcEndpoint(), Transport.PLAINTEXT).build())
                .setTopics(topic)
                .setTransactionChecker(message -> TransactionResolution.ROLLBACK)
                .build());

        List<String> committed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Transaction commit = producer.beginTransaction();
            committed.add(producer.send(Content.named("TagA", "committed-" + i).toMessage(topic), commit)
                    .getMessageId().toString());
            commit.commit();
            Transaction rollback = producer.beginTransaction();
            producer.send(Content.named("TagA", "rolled-back-" + i).toMessage(topic), rollback);
            rollback.rollback();
        }
        List<Received> received = receiver(group, topic).ackAtLeast(committed.size(), "the committed messages");

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    void openTransactionsAreCheckedBackThroughTheProducersGatewayAndTheCheckersAnswersApplied() throws Exception {
        String topic = topic("TRANSACTION");
        String group = group(topic, false);
        Map<String, String> checked = new ConcurrentHashMap<>();
        Producer producer = closedLater(SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(SdkConfiguration.of(producing.grpcEndpoint(), Transport.PLAINTEXT).build())
                .setTopics(topic)
                .setTransactionChecker(view -> {
                    String body = Content.of(view).body();
                    checked.put(view.getMessageId().toString(), body);
                    return body.contains("commit") ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
                })
                .build());

        // Never resolved here: only the brokers' check-backs, relayed to this producer, settle them.
        List<String> toCommit = new ArrayList<>();
        List<String> toRollBack = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            toCommit.add(producer.send(Content.named("TagA", "commit-later-" + i).toMessage(topic),
                    producer.beginTransaction()).getMessageId().toString());
            toRollBack.add(producer.send(Content.named("TagA", "rollback-later-" + i).toMessage(topic),
                    producer.beginTransaction()).getMessageId().toString());
        }
        List<Received> received = receiver(group, topic).ackUntil("the checked-back commits delivered, every "
                + "rollback checked", all -> all.size() >= toCommit.size() && checked.keySet().containsAll(toRollBack));

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(toCommit);
        assertThat(checked).as("transactions checked back").containsKeys(toCommit.toArray(String[]::new));
        assertThat(admin.storedMessages(topic).values().stream().mapToLong(Long::longValue).sum())
                .as("messages stored in the topic").isEqualTo(toCommit.size());
    }

    @Test
    void anUnknownTopicIsNotFound() throws Exception {
        String topic = Names.unique("ClusterUnknown");
        Producer producer = producer();

        Throwable thrown = catchThrowable(() -> producer.send(Content.named("TagA", "lost").toMessage(topic)));

        assertThat(thrown).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("response-code=40402")
                .hasMessageNotContainingAny("not specified", "NOT_SPECIFIED");
    }

    private static String topic(String type) throws Exception {
        String topic = Names.unique("Cluster" + type);
        admin.createTopic(topic, type, 4);
        return topic;
    }

    private static String group(String topic, boolean orderly) throws Exception {
        String group = Names.unique("GID_grpc_cluster");
        admin.createGroup(group, orderly);
        admin.consumeFromStart(group, topic);
        return group;
    }

    private Producer producer(String... topics) throws ClientException {
        return closedLater(SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(SdkConfiguration.of(producing.grpcEndpoint(), Transport.PLAINTEXT).build())
                .setTopics(topics)
                .build());
    }

    private SimpleReceiver receiver(String group, String topic) throws ClientException {
        SimpleConsumer consumer = closedLater(SdkClients.PROVIDER.newSimpleConsumerBuilder()
                .setClientConfiguration(SdkConfiguration.of(consuming.grpcEndpoint(), Transport.PLAINTEXT).build())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofSeconds(2))
                .build());
        return new SimpleReceiver(consumer);
    }

    private <C extends AutoCloseable> C closedLater(C client) {
        clients.add(client);
        return client;
    }

    private static Map<String, List<String>> byGroup(List<String> bodies) {
        return bodies.stream().collect(Collectors.groupingBy(body -> body.substring(0, body.indexOf('#'))));
    }
}
