package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's {@code Producer.send} and {@code sendAsync} of normal, FIFO (with a message group) and delay (with a
 * delivery timestamp) messages, each on a topic of its type: every send is acknowledged with the message's id,
 * and a consumer gets each message with that id, its content and its type's property. Transactional messages
 * have no asynchronous send in the SDK; {@link TransactionTest} covers them.
 */
@EachTransport
class SendTest {

    private static final int EACH_WAY = 4;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    SendTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void normalMessagesSentSyncAndAsyncAreDeliveredWithTheirIds() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Producer producer = clients.producer(topic);

        Map<String, Content> sent = sendBothWays(producer, "normal", name -> Content.named("TagA", name).toMessage(topic));

        List<Received> received = clients.simpleReceiver(Fresh.group(server), topic)
                .ackAtLeast(sent.size(), "every normal message");
        assertThat(received).hasSize(sent.size());
        assertDeliveredAsSent(received, sent);
    }

    @Test
    void fifoMessagesSentSyncAndAsyncKeepTheirMessageGroup() throws Exception {
        String topic = Fresh.topic(server, "FIFO");
        Producer producer = clients.producer(topic);

        Map<String, Content> sent = sendBothWays(producer, "fifo",
                name -> Content.named("TagA", name).builder(topic).setMessageGroup("group-of-" + name).build());

        List<Received> received = clients.simpleReceiver(Fresh.fifoGroup(server), topic)
                .ackAtLeast(sent.size(), "every FIFO message");
        assertThat(received).hasSize(sent.size());
        assertDeliveredAsSent(received, sent);
        assertThat(received).allSatisfy(message -> assertThat(message.view().getMessageGroup())
                .contains("group-of-" + message.content().properties().get("origin")));
    }

    @Test
    void delayMessagesSentSyncAndAsyncArriveNoEarlierThanAsked() throws Exception {
        String topic = Fresh.topic(server, "DELAY");
        Producer producer = clients.producer(topic);
        long deliverAt = System.currentTimeMillis() + 3_000;

        Map<String, Content> sent = sendBothWays(producer, "delay",
                name -> Content.named("TagA", name).builder(topic).setDeliveryTimestamp(deliverAt).build());

        List<Received> received = clients.simpleReceiver(Fresh.group(server), topic)
                .ackAtLeast(sent.size(), "every delay message");
        assertThat(received).hasSize(sent.size());
        assertDeliveredAsSent(received, sent);
        assertThat(received).allSatisfy(message -> {
            assertThat(message.atMillis()).as("received at").isGreaterThanOrEqualTo(deliverAt);
            assertThat(message.view().getDeliveryTimestamp()).as("delivery timestamp").isEqualTo(Optional.of(deliverAt));
        });
    }

    /**
     * Sends {@value #EACH_WAY} messages with {@code send}, then {@value #EACH_WAY} with {@code sendAsync}, each made
     * by {@code message} from a distinct name; returns what was sent by the message id each receipt names.
     */
    private static Map<String, Content> sendBothWays(Producer producer, String prefix, Function<String, Message> message)
            throws Exception {
        Map<String, Content> sent = new HashMap<>();
        for (int i = 0; i < EACH_WAY; i++) {
            Message sync = message.apply(prefix + "-sync-" + i);
            sent.put(producer.send(sync).getMessageId().toString(), Content.of(sync));
        }
        List<CompletableFuture<SendReceipt>> receipts = new ArrayList<>();
        List<Message> asyncMessages = new ArrayList<>();
        for (int i = 0; i < EACH_WAY; i++) {
            Message async = message.apply(prefix + "-async-" + i);
            asyncMessages.add(async);
            receipts.add(producer.sendAsync(async));
        }
        for (int i = 0; i < EACH_WAY; i++) {
            sent.put(receipts.get(i).get().getMessageId().toString(), Content.of(asyncMessages.get(i)));
        }
        assertThat(sent).as("a distinct message id per send").hasSize(2 * EACH_WAY);
        return sent;
    }

    /**
     * Every message arrived once, with its id, tag, keys, body and user properties. Apache RocketMQ's proxy also
     * hands out the message group as a user property ({@code __SHARDINGKEY}); {@link MessageContentTest} checks
     * that user properties come back exactly.
     */
    private static void assertDeliveredAsSent(List<Received> received, Map<String, Content> sent) {
        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(received).allSatisfy(message -> {
            Content expected = sent.get(message.messageId());
            Content got = message.content();
            assertThat(got).usingRecursiveComparison().ignoringFields("properties").isEqualTo(expected);
            assertThat(got.properties()).containsAllEntriesOf(expected.properties());
        });
        assertThat(received).extracting(Received::deliveryAttempt).containsOnly(1);
    }
}
