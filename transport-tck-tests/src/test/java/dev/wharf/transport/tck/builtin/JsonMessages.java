package dev.wharf.transport.tck.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages in the JSON both Wharf's HTTP API and its WebSocket protocol use: a publication's {@code body},
 * {@code encoding} and {@code properties}, and a delivery's {@code messageId}, body, properties and
 * {@code receiptHandle}.
 */
final class JsonMessages {

    private JsonMessages() {}

    /** Writes the message's fields into {@code target}, the body always in base64 (it may not be text). */
    static ObjectNode writePublication(ObjectNode target, TckMessage message) {
        target.put("body", Base64.getEncoder().encodeToString(message.body())).put("encoding", "base64");
        ObjectNode properties = target.putObject("properties");
        message.properties().forEach(properties::put);
        return target;
    }

    /** A delivered message as the suite sees it. */
    static TckDelivery delivery(JsonNode message) {
        String body = message.path("body").asText();
        byte[] bytes = "base64".equals(message.path("encoding").asText())
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> properties = new LinkedHashMap<>();
        message.path("properties").properties().forEach(entry -> properties.put(entry.getKey(), entry.getValue().asText()));
        return new TckDelivery(message.path("messageId").asText(), bytes, properties,
                message.path("receiptHandle").asText());
    }
}
