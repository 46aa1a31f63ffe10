package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Waits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One server, two protocols: a message the gRPC SDK sends is read by the Remoting client (rocketmq-client 5.x)
 * and the reverse, with the same message id, body, tag, keys (space-separated on the Remoting side) and user
 * properties.
 */
@EachTransport
class CrossProtocolTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    @RegisterExtension
    final Clients remotingClients = new Clients();

    CrossProtocolTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void aMessageSentWithTheSdkIsReadByTheRemotingClientIntact() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Content content = Content.named("TagA", "grpc-to-remoting");
        String id = clients.producer(topic).send(content.toMessage(topic)).getMessageId().toString();

        List<MessageExt> received = new CopyOnWriteArrayList<>();
        remotingClients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_remoting"), topic, "*",
                (MessageListenerConcurrently) (messages, context) -> {
                    received.addAll(messages);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        Waits.atMostBound("the Remoting consumer got the message").until(() -> !received.isEmpty());

        assertThat(received).hasSize(1);
        MessageExt message = received.get(0);
        assertThat(message.getMsgId()).as("message id").isEqualTo(id);
        assertThat(message.getTopic()).isEqualTo(topic);
        assertThat(message.getTags()).isEqualTo(content.tag());
        assertThat(message.getKeys()).isEqualTo(String.join(" ", content.keys()));
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo(content.body());
        content.properties().forEach((name, value) ->
                assertThat(message.getUserProperty(name)).as("user property %s", name).isEqualTo(value));
    }

    @Test
    void aMessageSentByTheRemotingClientIsReadWithTheSdkIntact() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Content content = Content.named("TagB", "remoting-to-grpc");
        Message message = new Message(topic, content.tag(), String.join(" ", content.keys()),
                content.body().getBytes(StandardCharsets.UTF_8));
        content.properties().forEach(message::putUserProperty);
        DefaultMQProducer producer = remotingClients.startedProducer(server.nameServerAddress());
        SendResult sent = producer.send(message);

        List<Received> received = clients.simpleReceiver(Fresh.group(server), topic).ackAtLeast(1, "the message");

        assertThat(received).extracting(Received::messageId).containsExactly(sent.getMsgId());
        assertThat(received.get(0).content()).isEqualTo(content);
        assertThat(received.get(0).view().getTopic()).isEqualTo(topic);
    }
}
