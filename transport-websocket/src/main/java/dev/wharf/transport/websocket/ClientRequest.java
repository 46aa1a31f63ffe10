package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;

/**
 * One request a client sent: a JSON object with an {@code op}, the {@code id} its answer echoes, the
 * operation's fields, and for a {@code publish} with {@code "bodyFrame": true} the binary frame that followed it.
 *
 * @param operation what the client asks for
 * @param fields the whole JSON object
 * @param bodyFrame the payload of the binary frame that followed; null when none was announced
 */
record ClientRequest(Operation operation, ObjectNode fields, byte[] bodyFrame) {

    /** The client's id of this request (a string or a number); null when it gave none or an unusable one. */
    JsonNode id() {
        JsonNode id = fields.get("id");
        return id != null && (id.isTextual() || id.isNumber()) ? id : null;
    }

    /** The client's id of this request; BAD_REQUEST when it gave none, as every answer must name its request. */
    JsonNode requiredId() {
        JsonNode id = id();
        if (id == null) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    operation.opName() + " needs an \"id\" (a string or a number) for its answer to echo");
        }
        return id;
    }

    RequestFields read() {
        return new RequestFields(operation, fields);
    }
}
