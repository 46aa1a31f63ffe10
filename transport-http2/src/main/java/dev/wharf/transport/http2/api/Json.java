package dev.wharf.transport.http2.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The API's one JSON mapper: strict on input (no duplicate keys, bounded nesting), compact on output. */
public final class Json {

    /** Deeper than any request of this API; keeps a hostile body from exhausting the stack. */
    private static final int MAX_NESTING = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The JSON object of a request body; 400 naming the line and column of a syntax error. */
    public static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty; a JSON object is expected");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object, got "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return (ObjectNode) tree;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Compact JSON text on one line, as an event stream's {@code data:} needs it. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The body of an error answer. */
    public static ObjectNode error(HttpError error) {
        ObjectNode body = object();
        body.set("error", errorFields(error));
        return body;
    }

    /** {@code {"code", "message", "rocketmqCode"?}}, as errors appear on their own and inside results. */
    public static ObjectNode errorFields(HttpError error) {
        ObjectNode fields = object().put("code", error.code()).put("message", error.message());
        if (error.hasRocketmqCode()) {
            fields.put("rocketmqCode", error.rocketmqCode());
        }
        return fields;
    }
}
