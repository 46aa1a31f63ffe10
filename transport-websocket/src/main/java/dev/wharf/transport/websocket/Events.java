package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.PublishResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The JSON events the server sends, each with its {@code type} (docs/WEBSOCKET.md). */
final class Events {

    private Events() {}

    static ObjectNode answer(String type, JsonNode id) {
        ObjectNode event = Json.object().put("type", type);
        if (id != null) {
            event.set("id", id);
        }
        return event;
    }

    static ObjectNode published(JsonNode id, PublishResult.Published published) {
        return answer("published", id)
                .put("messageId", published.messageId())
                .put("queue", published.queueId())
                .put("offset", published.queueOffset());
    }

    static ObjectNode subscription(String type, JsonNode id, String subscription) {
        return answer(type, id).put("subscription", subscription);
    }

    /** A refused request; {@code id} null when the request had none. */
    static ObjectNode error(JsonNode id, MessagingError error) {
        ObjectNode event = answer("error", id)
                .put("code", error.code().name())
                .put("message", error.message());
        if (error.hasRocketmqCode()) {
            event.put("rocketmqCode", error.rocketmqCode());
        }
        return event;
    }

    /** A failure of a subscription's own receiving: it retries, or it is over ({@code retrying} false). */
    static ObjectNode subscriptionError(String subscription, MessagingError error, boolean retrying) {
        return error(null, error).put("subscription", subscription).put("retrying", retrying);
    }

    /**
     * A delivery. Its body is in the event as text (when {@code textBodies} and it is UTF-8) or base64, or, with
     * {@code bodyFrame}, in the binary frame that follows the event.
     */
    static ObjectNode message(String subscription, Delivery delivery, boolean textBodies, boolean bodyFrame) {
        ObjectNode event = Json.object()
                .put("type", "message")
                .put("subscription", subscription)
                .put("messageId", delivery.messageId())
                .put("topic", delivery.topic())
                .put("tag", delivery.tag());
        delivery.keys().forEach(event.putArray("keys")::add);
        ObjectNode properties = event.putObject("properties");
        delivery.userProperties().forEach(properties::put);
        event.put("messageGroup", delivery.messageGroup())
                .put("bornTimestamp", delivery.bornTimestamp())
                .put("deliveryTime", delivery.deliverAtMillis())
                .put("queue", delivery.queueId())
                .put("offset", delivery.queueOffset())
                .put("deliveryAttempt", delivery.deliveryAttempt())
                .put("receiptHandle", delivery.receiptHandle())
                .put("compressed", delivery.compressed());
        if (bodyFrame) {
            return event.put("bodyFrame", true);
        }
        String text = textBodies && !delivery.compressed() ? utf8(delivery.body()) : null;
        return text != null
                ? event.put("encoding", "text").put("body", text)
                : event.put("encoding", "base64").put("body", Base64.getEncoder().encodeToString(delivery.body()));
    }

    /** The body as text, or null when it is not valid UTF-8. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
