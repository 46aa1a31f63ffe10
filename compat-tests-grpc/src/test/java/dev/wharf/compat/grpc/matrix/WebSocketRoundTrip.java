package dev.wharf.compat.grpc.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.grpc.support.WebSocketSession;
import dev.wharf.compat.support.TrustingAnyCertificate;
import java.util.List;
import java.util.Map;

/**
 * Wharf's WebSocket protocol with the JDK's WebSocket, ws:// or wss://: one session subscribes the group to the
 * topic, publishes, and gets the message delivered, then acknowledges it.
 */
final class WebSocketRoundTrip implements RoundTrip {

    @Override
    public void sendAndReceive(Target target, String body) throws Exception {
        try (WebSocketSession session = open(target)) {
            JSONObject subscribed = session.request("subscribe", Map.of("group", target.group(),
                    "topic", target.topic(), "tag", "*", "credits", 4, "invisibleTime", 30_000));
            assertThat(subscribed.getString("type")).as(subscribed.toJSONString()).isEqualTo("subscribed");

            String messageId = published(session, target, body);

            List<JSONObject> deliveries = session.awaitEvents("message", 1);
            assertThat(deliveries).singleElement().satisfies(delivery -> {
                assertThat(delivery.getString("messageId")).isEqualTo(messageId);
                assertThat(delivery.getString("body")).isEqualTo(body);
            });
            JSONObject acked = session.request("ack", Map.of("group", target.group(), "topic", target.topic(),
                    "receiptHandle", deliveries.get(0).getString("receiptHandle")));
            assertThat(acked.getString("type")).as(acked.toJSONString()).isNotEqualTo("error");
        }
    }

    @Override
    public void send(Target target, String body) throws Exception {
        try (WebSocketSession session = open(target)) {
            published(session, target, body);
        }
    }

    private static WebSocketSession open(Target target) throws Exception {
        return target.tls()
                ? WebSocketSession.openTls(target.address(), TrustingAnyCertificate.context())
                : WebSocketSession.open(target.address());
    }

    /** Publishes {@code body}; the message id the gateway answers. */
    private static String published(WebSocketSession session, Target target, String body) throws Exception {
        JSONObject published = session.request("publish", Map.of("topic", target.topic(), "body", body));
        assertThat(published.getString("type")).as(published.toJSONString()).isEqualTo("published");
        return published.getString("messageId");
    }
}
