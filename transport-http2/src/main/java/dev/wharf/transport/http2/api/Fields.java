package dev.wharf.transport.http2.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of a JSON request object, refusing with 400 and the field's path
 * ({@code messages[2].keys[0]}) when one has the wrong type, and naming unknown fields, which are more
 * often typos than extensions.
 *
 * <pre>{@code
 * Fields fields = Fields.of(body, "", Set.of("receiptHandle"));
 * String handle = fields.requiredText("receiptHandle");
 * }</pre>
 */
public final class Fields {

    private final ObjectNode node;
    private final String path;

    private Fields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * The fields of {@code node}, found at {@code path} ("" for the body itself), which may hold only
     * {@code known}.
     */
    public static Fields of(JsonNode node, String path, Set<String> known) {
        if (!node.isObject()) {
            throw ApiException.badRequest(where(path) + "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey())) {
                throw ApiException.badRequest("unknown field '" + name(path, field.getKey()) + "'; expected one of "
                        + known.stream().sorted().toList());
            }
        }
        return new Fields((ObjectNode) node, path);
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public JsonNode get(String field) {
        return node.get(field);
    }

    /** The path of {@code field}, for messages. */
    public String pathOf(String field) {
        return name(path, field);
    }

    public String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw ApiException.badRequest("field '" + pathOf(field) + "' is required");
        }
        return value;
    }

    /** A string field; null when absent or null. */
    public String optionalText(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    public Integer optionalInt(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "an integer", value);
        }
        return value.intValue();
    }

    public boolean optionalBoolean(String field, boolean defaultValue) {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }

    /** An array of strings; empty when absent. */
    public List<String> textList(String field) {
        List<String> texts = new ArrayList<>();
        if (!has(field)) {
            return texts;
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings", value);
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw ApiException.badRequest("field '" + pathOf(field) + "[" + i + "]' must be a string");
            }
            texts.add(value.get(i).textValue());
        }
        return texts;
    }

    /** An object whose values are strings; empty when absent. */
    public Map<String, String> textMap(String field) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (!has(field)) {
            return texts;
        }
        JsonNode value = node.get(field);
        if (!value.isObject()) {
            throw wrongType(field, "an object of strings", value);
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw ApiException.badRequest("field '" + pathOf(field) + "." + entry.getKey() + "' must be a string");
            }
            texts.put(entry.getKey(), entry.getValue().textValue());
        }
        return texts;
    }

    /** 400 naming the field, what it must be and what it is. */
    public ApiException wrongType(String field, String expected, JsonNode actual) {
        return ApiException.badRequest("field '" + pathOf(field) + "' must be " + expected + ", got "
                + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String name(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String where(String path) {
        return path.isEmpty() ? "the request body " : "'" + path + "' ";
    }
}
