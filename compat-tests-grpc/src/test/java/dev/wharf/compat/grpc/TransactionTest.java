package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.SimpleReceiver;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactional messages through the SDK: a committed transaction is delivered and a rolled-back one is not; a
 * transaction left open is checked back through the producer's {@link TransactionChecker} (the server asks over
 * the client's telemetry stream) and the checker's answer is applied. The server checks halves older than 1 s
 * every 500 ms, so a check comes within seconds.
 *
 * <p>Only ids and bodies are compared: Apache RocketMQ adds {@code __transactionId__} and
 * {@code TRANSACTION_CHECK_TIMES} to the user properties of transactional messages; {@link MessageContentTest}
 * checks user properties.
 *
 * <p>Each test's topic has a single queue: a consumer gets that queue in the order the transactions were
 * resolved, so once it has a message committed after a rollback, the rolled-back message is missing for good.
 */
@EachTransport
class TransactionTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(
            ServerSettings.defaults().withTransactionChecks(Duration.ofMillis(500), Duration.ofSeconds(1)));

    @RegisterExtension
    final SdkClients clients;

    TransactionTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void aCommittedTransactionIsDeliveredAndARolledBackOneIsNot() throws Exception {
        String topic = Fresh.topic(server, "TRANSACTION", 1);
        Producer producer = clients.transactionalProducer(new DecidingByName(), topic);

        Transaction rolledBack = producer.beginTransaction();
        producer.send(Content.named("TagA", "rollback-now").toMessage(topic), rolledBack);
        rolledBack.rollback();
        Transaction committed = producer.beginTransaction();
        SendReceipt receipt = producer.send(Content.named("TagA", "commit-now").toMessage(topic), committed);
        committed.commit();

        List<Received> received = receiveUntilArrived(topic, receipt);
        assertThat(received).extracting(Received::messageId).containsExactly(idOf(receipt));
        assertThat(bodiesOf(received)).containsExactly(Content.named("TagA", "commit-now").body());
    }

    @Test
    void openTransactionsAreCheckedBackAndTheCheckersAnswersApplied() throws Exception {
        String topic = Fresh.topic(server, "TRANSACTION", 1);
        DecidingByName checker = new DecidingByName();
        Producer producer = clients.transactionalProducer(checker, topic);

        SendReceipt toRollBack = producer.send(Content.named("TagA", "rollback-later").toMessage(topic),
                producer.beginTransaction());
        SendReceipt toCommit = producer.send(Content.named("TagA", "commit-later").toMessage(topic),
                producer.beginTransaction());
        Waits.atMostBound("both open transactions checked back")
                .until(() -> checker.checked.keySet().containsAll(List.of(idOf(toRollBack), idOf(toCommit))));
        Transaction marker = producer.beginTransaction();
        SendReceipt markerReceipt = producer.send(Content.named("TagA", "commit-marker").toMessage(topic), marker);
        marker.commit();

        List<Received> received = receiveUntilArrived(topic, markerReceipt);
        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrder(idOf(toCommit), idOf(markerReceipt));
        assertThat(checker.checked.get(idOf(toCommit)).getBody()).extracting(Content::text)
                .as("body of the message the checker was asked about").isEqualTo(Content.named("TagA", "commit-later").body());
    }

    @Test
    void aTransactionCheckedAsUnknownIsCheckedAgainUntilResolved() throws Exception {
        String topic = Fresh.topic(server, "TRANSACTION", 1);
        Map<String, Integer> checks = new ConcurrentHashMap<>();
        Producer producer = clients.transactionalProducer(view -> checks.merge(view.getMessageId().toString(), 1,
                Integer::sum) == 1 ? TransactionResolution.UNKNOWN : TransactionResolution.COMMIT, topic);

        SendReceipt receipt = producer.send(Content.named("TagA", "decided-later").toMessage(topic),
                producer.beginTransaction());

        List<Received> received = receiveUntilArrived(topic, receipt);
        assertThat(received).extracting(Received::messageId).containsExactly(idOf(receipt));
        assertThat(bodiesOf(received)).containsExactly(Content.named("TagA", "decided-later").body());
        assertThat(checks.get(idOf(receipt))).as("checks of the transaction").isEqualTo(2);
    }

    /** Receives (and acknowledges) from the topic until the message of {@code receipt} arrived. */
    private List<Received> receiveUntilArrived(String topic, SendReceipt receipt) throws Exception {
        SimpleReceiver receiver = clients.simpleReceiver(Fresh.group(server), topic);
        return receiver.ackUntil("message " + idOf(receipt) + " delivered",
                received -> received.stream().anyMatch(message -> message.messageId().equals(idOf(receipt))));
    }

    private static List<String> bodiesOf(List<Received> received) {
        return received.stream().map(message -> message.content().body()).toList();
    }

    private static String idOf(SendReceipt receipt) {
        return receipt.getMessageId().toString();
    }

    /** Commits messages whose body names "commit", rolls back the rest; remembers what it was asked about. */
    private static final class DecidingByName implements TransactionChecker {

        final Map<String, MessageView> checked = new ConcurrentHashMap<>();

        @Override
        public TransactionResolution check(MessageView view) {
            checked.put(view.getMessageId().toString(), view);
            return Content.of(view).body().contains("commit") ? TransactionResolution.COMMIT
                    : TransactionResolution.ROLLBACK;
        }
    }
}
