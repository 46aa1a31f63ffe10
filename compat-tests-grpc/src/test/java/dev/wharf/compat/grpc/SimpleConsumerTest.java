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
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's SimpleConsumer: a received message stays invisible for the duration the receive asked for, comes back
 * after it unless acknowledged (as delivery attempt 2), and comes back at a new time once its invisible duration
 * is changed; the receipt handle the change returns is the one later calls use.
 */
@EachTransport
class SimpleConsumerTest {

    /** The shortest invisible duration a receive may ask for. */
    private static final Duration SHORTEST_INVISIBLE = Duration.ofSeconds(10);
    private static final Duration LONG_INVISIBLE = Duration.ofSeconds(60);

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    SimpleConsumerTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    /**
     * Both messages sit in one queue and arrive in one batch, so both would come back together; only the one not
     * acknowledged does.
     */
    @Test
    void anUnacknowledgedMessageComesBackAfterItsInvisibleTimeAndAnAcknowledgedOneDoesNot() throws Exception {
        String topic = Fresh.topic(server, "NORMAL", 1);
        Producer producer = clients.producer(topic);
        String acked = producer.send(Content.named("TagA", "acked").toMessage(topic)).getMessageId().toString();
        String held = producer.send(Content.named("TagA", "held").toMessage(topic)).getMessageId().toString();
        SimpleReceiver receiver = clients.simpleReceiver(Fresh.group(server), topic);

        List<Received> first = receiver.holdUntil(SHORTEST_INVISIBLE, "both messages",
                received -> idsOf(received).containsAll(List.of(acked, held)));
        assertThat(idsOf(first)).containsExactlyInAnyOrder(acked, held);
        receiver.ack(withId(first, acked));
        List<Received> again = receiver.holdUntil(SHORTEST_INVISIBLE, "the unacknowledged message redelivered",
                received -> idsOf(received).contains(held));

        assertThat(idsOf(again)).as("redelivered").containsExactly(held);
        Received redelivered = again.get(0);
        assertThat(redelivered.deliveryAttempt()).isEqualTo(2);
        assertThat(redelivered.content()).isEqualTo(Content.named("TagA", "held"));
        assertThat(redelivered.atMillis()).as("redelivered at")
                .isGreaterThanOrEqualTo(withId(first, held).askedAtMillis() + SHORTEST_INVISIBLE.toMillis());
        receiver.ack(redelivered);
    }

    @Test
    void aChangedInvisibleDurationBringsTheMessageBackAtTheNewTime() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Producer producer = clients.producer(topic);
        String id = producer.send(Content.named("TagA", "changed").toMessage(topic)).getMessageId().toString();
        SimpleReceiver receiver = clients.simpleReceiver(Fresh.group(server), topic);
        Received first = withId(receiver.holdUntil(LONG_INVISIBLE, "the message",
                received -> idsOf(received).contains(id)), id);

        long changedAt = System.currentTimeMillis();
        receiver.consumer().changeInvisibleDuration(first.view(), Duration.ofSeconds(2));
        List<Received> again = receiver.holdUntil(LONG_INVISIBLE, "the message back after 2 s instead of 60 s",
                received -> idsOf(received).contains(id));

        assertThat(idsOf(again)).containsExactly(id);
        Received redelivered = again.get(0);
        assertThat(redelivered.deliveryAttempt()).isEqualTo(2);
        assertThat(redelivered.content()).isEqualTo(Content.named("TagA", "changed"));
        assertThat(redelivered.atMillis()).as("redelivered at").isGreaterThanOrEqualTo(changedAt + 2_000);
        // The SDK acknowledges with the receipt handle the change answered; the server must accept it.
        receiver.consumer().changeInvisibleDuration(redelivered.view(), LONG_INVISIBLE);
        receiver.ack(redelivered);
    }

    private static List<String> idsOf(List<Received> received) {
        return received.stream().map(Received::messageId).toList();
    }

    private static Received withId(List<Received> received, String id) {
        return received.stream().filter(message -> message.messageId().equals(id)).findFirst().orElseThrow();
    }
}
