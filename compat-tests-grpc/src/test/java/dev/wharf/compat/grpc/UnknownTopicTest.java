package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A topic that does not exist is reported as such: the SDK's {@link NotFoundException} (code TOPIC_NOT_FOUND),
 * not the "message type is not specified" a route of unknown type would give. The server runs with topic
 * auto-creation on, as a gateway out of the box does: gRPC clients learn routes before they send, so auto-creation
 * (which Remoting producers trigger by sending) does not apply to them.
 */
@EachTransport
class UnknownTopicTest {

    /** {@code apache.rocketmq.v2.Code.TOPIC_NOT_FOUND}, as the SDK's exception message quotes it. */
    private static final String TOPIC_NOT_FOUND = "response-code=40402";

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    UnknownTopicTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void aSendToAnUnknownTopicFailsWithNotFound() throws Exception {
        String topic = Names.unique("Unknown");
        Producer producer = clients.producer();

        Throwable thrown = catchThrowable(() -> producer.send(Content.named("TagA", "lost").toMessage(topic)));

        assertNotFound(thrown);
    }

    @Test
    void subscribingToAnUnknownTopicFailsWithNotFound() throws Exception {
        String topic = Names.unique("Unknown");
        SimpleConsumer consumer = clients.simpleConsumer(Fresh.group(server), Fresh.topic(server, "NORMAL"),
                FilterExpression.SUB_ALL);

        Throwable thrown = catchThrowable(() -> consumer.subscribe(topic, FilterExpression.SUB_ALL));

        assertNotFound(thrown);
    }

    private static void assertNotFound(Throwable thrown) {
        assertThat(thrown).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(TOPIC_NOT_FOUND)
                .hasMessageNotContainingAny("not specified", "NOT_SPECIFIED");
    }
}
