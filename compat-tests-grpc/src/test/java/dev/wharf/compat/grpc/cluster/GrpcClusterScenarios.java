package dev.wharf.compat.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.compat.grpc.support.ClusterGateways;
import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.FreshOnCluster;
import dev.wharf.compat.grpc.support.GroupedSends;
import dev.wharf.compat.grpc.support.Inbox;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ApacheClusterAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official 5.x gRPC SDK through two Cluster-mode gateway processes in front of a NameServer and two brokers
 * (the backend of a kind this JVM shares; each subclass names the kind): producers talk to one gateway, consumers
 * to the other. Each topic lives on both brokers with its message type in the brokers' topic config, which the
 * gateways must report in routes (the SDK refuses to send a FIFO or delayed message to a topic its route calls
 * NORMAL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GrpcClusterScenarios {

    private static final int MESSAGES = 24;
    /** A simple consumer's wait on a broker with nothing to deliver: short, as it asks each broker in turn. */
    private static final Duration AWAIT_DURATION = Duration.ofSeconds(2);

    private ClusterGateways gateways;
    private ApacheClusterAdmin admin;

    @RegisterExtension
    final SdkClients producing = SdkClients.at(() -> gateways.producing().grpcEndpoint(), AWAIT_DURATION);
    @RegisterExtension
    final SdkClients consuming = SdkClients.at(() -> gateways.consuming().grpcEndpoint(), AWAIT_DURATION);

    @BeforeAll
    void start(ClusterGateways shared) {
        gateways = shared;
        admin = shared.backend().admin();
    }

    @Test
    void normalMessagesSentThroughOneGatewayAreStoredOnBothBrokersAndReceivedFromBothThroughTheOther()
            throws Exception {
        String topic = topic("NORMAL");
        String group = group(topic, false);
        List<String> sent = sendNormal(topic, "normal");

        List<Received> received = consuming.simpleReceiver(group, topic)
                .ackAtLeast(MESSAGES, "every message through gateway 2");

        assertThat(admin.storedMessages(topic)).as("messages stored per broker")
                .containsOnlyKeys(brokers())
                .allSatisfy((broker, stored) -> assertThat(stored).as(broker).isPositive());
        assertEveryMessageFromBothBrokers(received, sent);
    }

    @Test
    void aPushConsumerThroughTheOtherGatewayDrainsBothBrokers() throws Exception {
        String topic = topic("NORMAL");
        String group = group(topic, false);
        List<String> sent = sendNormal(topic, "pushed");

        Inbox inbox = new Inbox();
        consuming.pushConsumer(group, topic, FilterExpression.SUB_ALL, inbox.acknowledging());
        List<Received> received = inbox.awaitUntil("every message pushed through gateway 2",
                all -> idsOf(all).containsAll(sent));

        assertEveryMessageFromBothBrokers(received, sent);
    }

    @Test
    void fifoGroupsKeepTheirOrderAcrossTheCluster() throws Exception {
        String topic = topic("FIFO");
        String group = group(topic, true);

        Map<String, List<String>> sent = GroupedSends.send(producing.producer(topic), topic, MESSAGES, 3);
        List<Received> received = consuming.simpleReceiver(group, topic).ackAtLeast(MESSAGES, "every FIFO message");

        assertThat(GroupedSends.byGroup(received)).isEqualTo(sent);
    }

    @Test
    void delayedMessagesArriveOnlyAfterTheirDeliveryTime() throws Exception {
        String topic = topic("DELAY");
        String group = group(topic, false);
        Producer producer = producing.producer(topic);
        long deliverAt = System.currentTimeMillis() + Duration.ofSeconds(5).toMillis();

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SendReceipt receipt = producer.send(Content.named("TagA", "delayed-" + i).builder(topic)
                    .setDeliveryTimestamp(deliverAt).build());
            sent.add(receipt.getMessageId().toString());
        }
        List<Received> received = consuming.simpleReceiver(group, topic)
                .ackAtLeast(sent.size(), "every delayed message");

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(message -> assertThat(message.atMillis()).isGreaterThanOrEqualTo(deliverAt));
    }

    @Test
    void aCommittedTransactionIsDeliveredAndARolledBackOneIsNot() throws Exception {
        String topic = topic("TRANSACTION");
        String group = group(topic, false);
        Producer producer = producing.transactionalProducer(message -> TransactionResolution.ROLLBACK, topic);

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
        List<Received> received = consuming.simpleReceiver(group, topic)
                .ackAtLeast(committed.size(), "the committed messages");

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(committed);
    }

    /** Transactions the producer leaves open: only the brokers' check-backs, relayed to its checker, settle them. */
    @Test
    void openTransactionsAreCheckedBackThroughTheProducersGatewayAndTheCheckersAnswersApplied() throws Exception {
        String topic = topic("TRANSACTION");
        String group = group(topic, false);
        Map<String, String> checked = new ConcurrentHashMap<>();
        Producer producer = producing.transactionalProducer(view -> {
            String body = Content.of(view).body();
            checked.put(view.getMessageId().toString(), body);
            return body.contains("commit") ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
        }, topic);

        List<String> toCommit = new ArrayList<>();
        List<String> toRollBack = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            toCommit.add(producer.send(Content.named("TagA", "commit-later-" + i).toMessage(topic),
                    producer.beginTransaction()).getMessageId().toString());
            toRollBack.add(producer.send(Content.named("TagA", "rollback-later-" + i).toMessage(topic),
                    producer.beginTransaction()).getMessageId().toString());
        }
        // The first check waits for the producer's registration with the brokers (its first heartbeat).
        Waits.atMostBound("every open transaction checked back").until(() ->
                checked.keySet().containsAll(toCommit) && checked.keySet().containsAll(toRollBack));
        List<Received> received = consuming.simpleReceiver(group, topic)
                .ackUntil("the checked-back commits delivered", all -> idsOf(all).containsAll(toCommit));

        // Distinct ids: with the test brokers' 1 s check interval an Apache broker may check a renewed copy of a
        // half before the resolution of the previous copy is visible to it, and store a commit twice.
        assertThat(idsOf(received)).containsExactlyInAnyOrderElementsOf(toCommit);
    }

    @Test
    void anUnknownTopicIsNotFound() throws Exception {
        String topic = Names.unique("ClusterUnknown");
        Producer producer = producing.producer();

        Throwable thrown = catchThrowable(() -> producer.send(Content.named("TagA", "lost").toMessage(topic)));

        assertThat(thrown).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("response-code=40402")
                .hasMessageNotContainingAny("not specified", "NOT_SPECIFIED");
    }

    /** {@link #MESSAGES} normal messages sent through the producing gateway; their ids. */
    private List<String> sendNormal(String topic, String name) throws Exception {
        Producer producer = producing.producer(topic);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(producer.send(Content.named("TagA", name + "-" + i).toMessage(topic)).getMessageId().toString());
        }
        return sent;
    }

    /** Every message of {@code sent} arrived once, and both brokers delivered some of them. */
    private void assertEveryMessageFromBothBrokers(List<Received> received, List<String> sent) {
        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).extracting(Received::brokerName).as("brokers received from")
                .containsOnlyElementsOf(brokers()).containsAll(brokers());
    }

    private static Set<String> idsOf(List<Received> received) {
        return received.stream().map(Received::messageId).collect(Collectors.toSet());
    }

    private List<String> brokers() {
        return gateways.backend().brokerNames();
    }

    private String topic(String type) throws Exception {
        return FreshOnCluster.topic(admin, type);
    }

    private String group(String topic, boolean orderly) throws Exception {
        return FreshOnCluster.group(admin, topic, orderly);
    }
}
