package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code TransactionMQProducer}: a committed local transaction is delivered, a rolled-back one is not, and
 * one left UNKNOW is checked back until the producer's checker commits it. The server checks halves older
 * than 1 s every 500 ms, so a check-back comes within seconds.
 */
class TransactionalProducerTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(
            ServerSettings.defaults().withTransactionChecks(Duration.ofMillis(500), Duration.ofSeconds(1)));

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aCommittedTransactionIsDeliveredAndARolledBackOneIsNot() throws Exception {
        String topic = transactionalTopic();
        TransactionMQProducer producer = clients.startedTransactionProducer(server.nameServerAddress(),
                Names.unique("PID_tx"), decidingByBody());

        TransactionSendResult rolledBack = producer.sendMessageInTransaction(
                Payload.named("TagA", "rollback-1").toMessage(topic), null);
        TransactionSendResult committed = producer.sendMessageInTransaction(
                Payload.named("TagA", "commit-1").toMessage(topic), null);

        assertThat(rolledBack.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(rolledBack.getLocalTransactionState()).isEqualTo(LocalTransactionState.ROLLBACK_MESSAGE);
        assertThat(committed.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        List<Delivery> delivered = consume(topic, 1);
        assertThat(delivered).extracting(Delivery::payload).containsExactly(Payload.named("TagA", "commit-1"));
        assertThat(delivered).extracting(Delivery::msgId).containsExactly(committed.getMsgId());
    }

    @Test
    void aTransactionLeftUnknownIsCheckedBackUntilTheCheckerCommitsIt() throws Exception {
        String topic = transactionalTopic();
        AtomicInteger checks = new AtomicInteger();
        TransactionMQProducer producer = clients.startedTransactionProducer(server.nameServerAddress(),
                Names.unique("PID_tx"), new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                        return LocalTransactionState.UNKNOW;
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(MessageExt message) {
                        return checks.incrementAndGet() == 1
                                ? LocalTransactionState.UNKNOW
                                : LocalTransactionState.COMMIT_MESSAGE;
                    }
                });

        TransactionSendResult sent = producer.sendMessageInTransaction(
                Payload.named("TagA", "decided-later").toMessage(topic), null);

        assertThat(sent.getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
        List<Delivery> delivered = consume(topic, 1);
        assertThat(delivered).extracting(Delivery::msgId).containsExactly(sent.getMsgId());
        assertThat(checks.get()).isEqualTo(2);
    }

    /** Commits local transactions whose body names "commit", rolls back the rest; checks agree. */
    static TransactionListener decidingByBody() {
        return new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return decide(message);
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return decide(message);
            }

            private LocalTransactionState decide(Message message) {
                return Payload.of(message).body().contains("commit")
                        ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;
            }
        };
    }

    private static String transactionalTopic() {
        String topic = Names.unique("Tx");
        Topics.create(server.server(), topic, ServerSettings.QUEUES, "TRANSACTION");
        return topic;
    }

    private List<Delivery> consume(String topic, int count) throws Exception {
        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_tx"), topic, "*",
                deliveries.acknowledgingListener());
        return deliveries.awaitAtLeast(count, count + " committed transactional message(s)");
    }
}
