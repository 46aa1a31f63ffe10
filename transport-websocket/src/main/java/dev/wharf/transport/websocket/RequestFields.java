package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a request's fields; a missing required field or one of the wrong JSON type is refused with
 * BAD_REQUEST naming the operation and the field.
 */
final class RequestFields {

    private final Operation operation;
    private final ObjectNode fields;

    RequestFields(Operation operation, ObjectNode fields) {
        this.operation = operation;
        this.fields = fields;
    }

    String text(String name) {
        String value = optionalText(name);
        if (value == null) {
            throw refused(name, "a string");
        }
        return value;
    }

    String optionalText(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw refused(name, "a string");
        }
        return value.textValue();
    }

    Long optionalLong(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw refused(name, "a whole number");
        }
        return value.longValue();
    }

    int positiveInt(String name, int defaultValue) {
        Long value = optionalLong(name);
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw refused(name, "a positive whole number");
        }
        return value.intValue();
    }

    boolean bool(String name, boolean defaultValue) {
        JsonNode value = present(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw refused(name, "true or false");
        }
        return value.booleanValue();
    }

    List<String> strings(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw refused(name, "an array of strings");
        }
        List<String> strings = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw refused(name, "an array of strings");
            }
            strings.add(item.textValue());
        }
        return strings;
    }

    Map<String, String> stringMap(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw refused(name, "an object of string values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw refused(name, "an object of string values");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    /** The field, or null when it is absent or JSON null. */
    private JsonNode present(String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private MessagingException refused(String name, String expected) {
        return new MessagingException(ErrorCode.BAD_REQUEST,
                operation.opName() + " needs \"" + name + "\" to be " + expected);
    }
}
