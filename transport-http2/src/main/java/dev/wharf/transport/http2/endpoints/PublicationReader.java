package dev.wharf.transport.http2.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.transport.http2.api.ApiException;
import dev.wharf.transport.http2.api.Fields;
import dev.wharf.transport.spi.messaging.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;

/**
 * One message of a publish request as a {@link Publication}:
 * {@code {"body": "...", "encoding": "text"|"base64", "tag", "keys": [...], "properties": {...},
 * "messageGroup", "deliveryTime": epoch-millis or ISO-8601}}. Wrong fields are 400 naming the field's path;
 * the messaging checks (sizes, reserved names, tag syntax) come after, in the messaging module.
 */
final class PublicationReader {

    private static final Set<String> FIELDS =
            Set.of("body", "encoding", "tag", "keys", "properties", "messageGroup", "deliveryTime");

    private PublicationReader() {}

    /** @param path where the message is in the request ("" for a single message, "messages[3]" in a batch) */
    static Publication read(JsonNode message, String path) {
        Fields fields = Fields.of(message, path, FIELDS);
        return Publication.builder(body(fields))
                .tag(fields.optionalText("tag"))
                .keys(fields.textList("keys"))
                .properties(fields.textMap("properties"))
                .messageGroup(fields.optionalText("messageGroup"))
                .deliverAtMillis(deliveryTime(fields))
                .build();
    }

    private static byte[] body(Fields fields) {
        String body = fields.requiredText("body");
        String encoding = fields.optionalText("encoding");
        if (encoding == null || encoding.equals("text")) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        if (encoding.equals("base64")) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field '" + fields.pathOf("body") + "' is not base64: " + e.getMessage());
            }
        }
        throw ApiException.badRequest("field '" + fields.pathOf("encoding") + "' must be text or base64, got '"
                + encoding + "'");
    }

    /** Epoch milliseconds, or an ISO-8601 instant or offset date-time; null when absent. */
    private static Long deliveryTime(Fields fields) {
        if (!fields.has("deliveryTime")) {
            return null;
        }
        JsonNode value = fields.get("deliveryTime");
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.textValue()).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.parse(value.textValue()).toEpochMilli();
                } catch (DateTimeParseException notInstant) {
                    // answered below
                }
            }
        }
        throw ApiException.badRequest("field '" + fields.pathOf("deliveryTime")
                + "' must be epoch milliseconds or an ISO-8601 time such as 2030-01-01T12:00:00Z");
    }
}
