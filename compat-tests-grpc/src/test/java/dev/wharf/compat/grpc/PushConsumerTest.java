package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Inbox;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's PushConsumer: it consumes every message; a message its listener fails is redelivered after the
 * backoff the server's settings give; one that keeps failing goes to the group's dead-letter topic
 * {@code %DLQ%<group>} after the group's retries, where a Remoting consumer reads it.
 */
@EachTransport
class PushConsumerTest {

    private static final int RETRY_MAX_TIMES = 2;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    @RegisterExtension
    final Clients remotingClients = new Clients();

    PushConsumerTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void everySentMessageIsConsumedOnce() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Inbox inbox = new Inbox();
        clients.pushConsumer(Fresh.group(server), topic, FilterExpression.SUB_ALL, inbox.acknowledging());
        Producer producer = clients.producer(topic);
        Map<String, Content> sent = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            Message message = Content.named("TagA", "push-" + i).toMessage(topic);
            sent.put(producer.send(message).getMessageId().toString(), Content.of(message));
        }

        List<Received> received = inbox.awaitUntil("every message consumed",
                all -> idsOf(all).containsAll(sent.keySet()));

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(received).allSatisfy(message -> assertThat(message.content()).isEqualTo(sent.get(message.messageId())));
    }

    @Test
    void aMessageTheListenerFailsOnceIsConsumedOnItsSecondAttempt() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Inbox inbox = new Inbox();
        clients.pushConsumer(Fresh.group(server), topic, FilterExpression.SUB_ALL, inbox.failingAttemptsUpTo(1));
        String id = clients.producer(topic).send(Content.named("TagA", "retried").toMessage(topic))
                .getMessageId().toString();

        List<Received> received = inbox.awaitAtLeast(2, "the first attempt and its retry");

        assertThat(received).extracting(Received::messageId).containsOnly(id);
        assertThat(received).extracting(Received::deliveryAttempt).containsExactly(1, 2);
        assertThat(received).extracting(Received::content).containsOnly(Content.named("TagA", "retried"));
    }

    @Test
    void aMessageTheListenerAlwaysFailsIsDeadLetteredAfterTheGroupsRetries() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        String group = Fresh.groupRetrying(server, RETRY_MAX_TIMES);
        Inbox inbox = new Inbox();
        clients.pushConsumer(group, topic, FilterExpression.SUB_ALL, inbox.failing());
        Content content = Content.named("TagA", "doomed");
        String id = clients.producer(topic).send(content.toMessage(topic)).getMessageId().toString();

        DefaultLitePullConsumer reader = remotingClients.litePullConsumer(server.nameServerAddress(),
                Names.unique("GID_dlq"));
        LitePolling.startFromFirstOffsets(reader, "%DLQ%" + group);
        List<Delivery> deadLetters = LitePolling.pollAtLeast(reader, "the dead letter", 1);

        assertThat(deadLetters).extracting(Delivery::msgId).containsExactly(id);
        assertThat(deadLetters).extracting(delivery -> delivery.payload().body()).containsExactly(content.body());
        assertThat(deadLetters).extracting(delivery -> delivery.payload().tags()).containsExactly(content.tag());
        assertThat(inbox.snapshot()).extracting(Received::deliveryAttempt)
                .as("attempts before the message was dead-lettered").containsExactly(1, 2, 3);
    }

    private static Set<String> idsOf(List<Received> received) {
        return received.stream().map(Received::messageId).collect(Collectors.toSet());
    }
}
