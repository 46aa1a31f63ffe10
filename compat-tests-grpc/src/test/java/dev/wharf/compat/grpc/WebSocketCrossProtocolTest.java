package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.grpc.support.WebSocketSession;
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
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One gateway, three protocols: a message published over WebSocket is read by the 5.x gRPC SDK and by the
 * Remoting client, and messages they send reach a WebSocket subscriber, each with body, tag, keys and user
 * properties intact.
 */
class WebSocketCrossProtocolTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients = new SdkClients(server, Transport.PLAINTEXT);

    @RegisterExtension
    final Clients remotingClients = new Clients();

    @Test
    void aMessagePublishedOverWebSocketIsReadByTheSdkAndTheRemotingClient() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        Content content = Content.named("TagW", "websocket-to-all");
        String remotingGroup = Names.unique("GID_remoting");
        List<MessageExt> remoting = new CopyOnWriteArrayList<>();
        remotingClients.startedPushConsumer(server.nameServerAddress(), remotingGroup, topic, "*",
                (MessageListenerConcurrently) (messages, context) -> {
                    remoting.addAll(messages);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        String sdkGroup = Fresh.group(server);

        String messageId;
        try (WebSocketSession session = WebSocketSession.open(webSocket())) {
            JSONObject published = session.request("publish", publication(topic, content));
            assertThat(published.getString("type")).as(published.toJSONString()).isEqualTo("published");
            messageId = published.getString("messageId");
        }

        List<Received> sdk = clients.simpleReceiver(sdkGroup, topic).ackAtLeast(1, "the SDK got the message");
        assertThat(sdk).extracting(Received::messageId).containsExactly(messageId);
        assertThat(sdk.get(0).content()).isEqualTo(content);
        Waits.atMostBound("the Remoting consumer got the message").until(() -> !remoting.isEmpty());
        MessageExt message = remoting.get(0);
        assertThat(message.getMsgId()).isEqualTo(messageId);
        assertThat(message.getTags()).isEqualTo(content.tag());
        assertThat(message.getKeys()).isEqualTo(String.join(" ", content.keys()));
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo(content.body());
        content.properties().forEach((name, value) ->
                assertThat(message.getUserProperty(name)).as("user property %s", name).isEqualTo(value));
    }

    @Test
    void messagesOfTheSdkAndTheRemotingClientReachAWebSocketSubscriber() throws Exception {
        String topic = Fresh.topic(server, "NORMAL");
        String group = Fresh.group(server);
        Content fromSdk = Content.named("TagG", "grpc-to-websocket");
        Content fromRemoting = Content.named("TagR", "remoting-to-websocket");
        try (WebSocketSession session = WebSocketSession.open(webSocket())) {
            JSONObject subscribed = session.request("subscribe",
                    Map.of("group", group, "topic", topic, "tag", "*", "credits", 16, "invisibleTime", 30_000));
            assertThat(subscribed.getString("type")).as(subscribed.toJSONString()).isEqualTo("subscribed");

            String sdkId = clients.producer(topic).send(fromSdk.toMessage(topic)).getMessageId().toString();
            Message message = new Message(topic, fromRemoting.tag(), String.join(" ", fromRemoting.keys()),
                    fromRemoting.body().getBytes(StandardCharsets.UTF_8));
            fromRemoting.properties().forEach(message::putUserProperty);
            DefaultMQProducer producer = remotingClients.startedProducer(server.nameServerAddress());
            String remotingId = producer.send(message).getMsgId();

            List<JSONObject> deliveries = session.awaitEvents("message", 2);
            assertThat(deliveries).extracting(delivery -> delivery.getString("messageId"))
                    .containsExactlyInAnyOrder(sdkId, remotingId);
            for (JSONObject delivery : deliveries) {
                Content expected = delivery.getString("messageId").equals(sdkId) ? fromSdk : fromRemoting;
                assertThat(contentOf(delivery)).isEqualTo(expected);
                JSONObject acked = session.request("ack", Map.of("group", group, "topic", topic,
                        "receiptHandle", delivery.getString("receiptHandle")));
                assertThat(acked.getString("type")).as(acked.toJSONString()).isNotEqualTo("error");
            }
        }
    }

    private static Map<String, Object> publication(String topic, Content content) {
        return Map.of("topic", topic, "body", content.body(), "tag", content.tag(), "keys", content.keys(),
                "properties", content.properties());
    }

    private static Content contentOf(JSONObject delivery) {
        return new Content(delivery.getString("tag"), delivery.getList("keys", String.class),
                delivery.getString("body"), delivery.getObject("properties", Map.class));
    }

    private static String webSocket() {
        return server.server().webSocketAddress().orElseThrow();
    }
}
