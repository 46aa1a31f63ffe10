package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Inbox;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.SimpleReceiver;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tag filter expressions ({@code TagA || TagB}) of SimpleConsumer and PushConsumer: the server hands out only
 * messages with one of the tags. The topic has one queue and the last message sent carries a wanted tag, so once
 * it arrived every unwanted message before it was passed over.
 */
@EachTransport
class TagFilterTest {

    private static final FilterExpression TAG_A_OR_B = new FilterExpression("TagA || TagB", FilterExpressionType.TAG);
    private static final List<Content> WANTED = List.of(
            Content.named("TagA", "first-a"), Content.named("TagB", "first-b"), Content.named("TagA", "last-a"));
    private static final List<Content> UNWANTED = List.of(
            Content.named("TagC", "first-c"), Content.named("TagC", "second-c"));

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    TagFilterTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void aSimpleConsumerGetsOnlyTheTagsItsExpressionNames() throws Exception {
        String topic = sendWantedAndUnwanted();
        SimpleReceiver receiver = new SimpleReceiver(clients.simpleConsumer(Fresh.group(server), topic, TAG_A_OR_B));

        List<Received> received = receiver.ackUntil("the last message",
                all -> all.stream().anyMatch(message -> message.content().equals(WANTED.get(2))));

        assertThat(received).extracting(Received::content).containsExactlyInAnyOrderElementsOf(WANTED);
    }

    @Test
    void aPushConsumerGetsOnlyTheTagsItsExpressionNames() throws Exception {
        String topic = sendWantedAndUnwanted();
        Inbox inbox = new Inbox();
        PushConsumer consumer = clients.pushConsumer(Fresh.group(server), topic, TAG_A_OR_B, inbox.acknowledging());

        inbox.awaitUntil("every wanted message",
                all -> all.stream().map(Received::content).toList().containsAll(WANTED));
        // Closing waits for the listener calls in progress: whatever was handed out has been recorded.
        consumer.close();

        assertThat(inbox.snapshot()).extracting(Received::content).containsExactlyInAnyOrderElementsOf(WANTED);
    }

    /** Sends wanted and unwanted messages interleaved, a wanted one last, to a new one-queue topic. */
    private String sendWantedAndUnwanted() throws Exception {
        String topic = Fresh.topic(server, "NORMAL", 1);
        Producer producer = clients.producer(topic);
        List<Content> interleaved = Stream.of(WANTED.get(0), UNWANTED.get(0), WANTED.get(1), UNWANTED.get(1),
                WANTED.get(2)).toList();
        for (Content content : interleaved) {
            producer.send(content.toMessage(topic));
        }
        return topic;
    }
}
