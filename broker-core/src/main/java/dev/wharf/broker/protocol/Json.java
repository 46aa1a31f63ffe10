package dev.wharf.broker.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON dialect of RocketMQ's Remoting bodies, as fastjson writes and reads it: keys sorted, nulls
 * left out, unknown fields ignored on read. Bodies that fail to parse become
 * {@link ResponseCode#INVALID_PARAMETER} naming the body.
 *
 * <pre>{@code
 * LockBatchRequest lock = Json.read(request.body(), LockBatchRequest.class, "LockBatchRequestBody");
 * byte[] answer = Json.write(new LockBatchResponse(locked));
 * }</pre>
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}

    /** The shared mapper, for building trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }

    /**
     * Reads a request body.
     *
     * @throws RemotingCommandException with INVALID_PARAMETER when the body is missing or malformed
     */
    public static <T> T read(byte[] body, Class<T> type, String bodyName) {
        if (body == null || body.length == 0) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the " + bodyName + " body is missing");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the " + bodyName + " body is null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RemotingCommandException(
                    ResponseCode.INVALID_PARAMETER, "malformed " + bodyName + " body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RemotingCommandException(
                    ResponseCode.INVALID_PARAMETER, "unreadable " + bodyName + " body: " + e.getMessage());
        }
    }

    /** Reads a tree, for bodies whose absent fields need defaults of their own. */
    public static JsonNode readTree(byte[] body, String bodyName) {
        return read(body, JsonNode.class, bodyName);
    }

    /** Reads a metadata file of our own; a malformed one is a broken installation, not a bad request. */
    public static JsonNode readFile(byte[] content, String fileName) {
        try {
            return MAPPER.readTree(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + fileName, e);
        }
    }
}
