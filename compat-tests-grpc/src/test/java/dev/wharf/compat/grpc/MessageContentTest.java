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
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a message carries comes back exactly as sent: tag, several keys, user properties (no more, no fewer), and
 * a body of the largest size the server accepts, byte for byte. The SDK also checks each body against the digest
 * the server sends with it.
 */
@EachTransport
class MessageContentTest {

    /** The gateway's default {@code maxMessageSize}, and the SDK's largest body by Apache RocketMQ's settings. */
    private static final int LARGEST_BODY = 4 << 20;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    MessageContentTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void tagKeysAndUserPropertiesRoundTripExactly() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Content content = new Content("Tag_1.x", List.of("order-42", "customer_7", "ключ"), "tschüss, 世界",
                Map.of("origin", "eu-west", "unicode", "ñ 雪 ☃", "with space", "a b", "json", "{\"k\": [1, 2]}"));
        long before = System.currentTimeMillis();
        String id = clients.producer(topic).send(content.toMessage(topic)).getMessageId().toString();
        long after = System.currentTimeMillis();

        List<Received> received = clients.simpleReceiver(Fresh.group(server), topic).ackAtLeast(1, "the message");

        assertThat(received).extracting(Received::messageId).containsExactly(id);
        Received message = received.get(0);
        assertThat(message.content()).isEqualTo(content);
        assertThat(message.view().getTopic()).isEqualTo(topic);
        assertThat(message.view().getBornTimestamp()).as("born timestamp").isBetween(before, after);
        assertThat(message.view().getMessageGroup()).isEmpty();
        assertThat(message.view().getDeliveryTimestamp()).isEmpty();
    }

    @Test
    void aBodyOfTheLargestSizeRoundTripsByteForByte() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        byte[] body = new byte[LARGEST_BODY];
        new Random(42).nextBytes(body);
        Producer producer = clients.producer(topic);
        String id = producer.send(SdkClients.PROVIDER.newMessageBuilder().setTopic(topic).setTag("Large")
                .setBody(body).build()).getMessageId().toString();

        List<Received> received = clients.simpleReceiver(Fresh.group(server), topic).ackAtLeast(1, "the large message");

        assertThat(received).extracting(Received::messageId).containsExactly(id);
        ByteBuffer got = received.get(0).view().getBody();
        assertThat(got.remaining()).isEqualTo(LARGEST_BODY);
        assertThat(got.equals(ByteBuffer.wrap(body))).as("the body, byte for byte").isTrue();
    }
}
