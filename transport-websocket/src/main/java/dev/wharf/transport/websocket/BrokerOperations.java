package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The requests that go to the broker — publish, ack, nack, changeInvisibleTime — translated through
 * {@link MessagingService}; each answers with the event to send back, or fails with a {@link MessagingException}.
 * Runs on the business pool.
 */
final class BrokerOperations {

    private final MessagingService messaging;

    BrokerOperations(MessagingService messaging) {
        this.messaging = messaging;
    }

    CompletableFuture<ObjectNode> run(RequestContext context, ClientRequest request) {
        JsonNode id = request.requiredId();
        RequestFields fields = request.read();
        return switch (request.operation()) {
            case PUBLISH -> publish(context, id, fields, request.bodyFrame());
            case ACK -> messaging.ack(context, fields.text("group"), fields.text("topic"), fields.text("receiptHandle"))
                    .thenApply(done -> Events.answer("acked", id));
            case NACK -> messaging.nack(context, fields.text("group"), fields.text("topic"), fields.text("receiptHandle"))
                    .thenApply(done -> Events.answer("nacked", id));
            case CHANGE_INVISIBLE_TIME -> messaging.changeInvisibleTime(context, fields.text("group"),
                            fields.text("topic"), fields.text("receiptHandle"), invisibleTime(fields))
                    .thenApply(handle -> Events.answer("invisibleTimeChanged", id).put("receiptHandle", handle));
            default -> throw new IllegalArgumentException(request.operation() + " is not a broker operation");
        };
    }

    private CompletableFuture<ObjectNode> publish(RequestContext context, JsonNode id, RequestFields fields,
            byte[] bodyFrame) {
        Publication message = Publication.builder(bodyFrame != null ? bodyFrame : body(fields))
                .tag(fields.optionalText("tag"))
                .keys(fields.strings("keys"))
                .properties(fields.stringMap("properties"))
                .messageGroup(fields.optionalText("messageGroup"))
                .deliverAtMillis(fields.optionalLong("deliveryTime"))
                .build();
        return messaging.publish(context, fields.text("topic"), List.of(message)).thenApply(results -> {
            PublishResult result = results.get(0);
            if (result instanceof PublishResult.Refused refused) {
                throw new MessagingException(refused.error());
            }
            return Events.published(id, (PublishResult.Published) result);
        });
    }

    /** The body in the request: text as UTF-8 ({@code "encoding": "text"}, the default) or base64. */
    private static byte[] body(RequestFields fields) {
        String body = fields.text("body");
        String encoding = fields.optionalText("encoding");
        if (encoding == null || encoding.equals("text")) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        if (!encoding.equals("base64")) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    "publish needs \"encoding\" to be text or base64, got " + encoding);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "the body is not base64: " + e.getMessage());
        }
    }

    private static Duration invisibleTime(RequestFields fields) {
        Long millis = fields.optionalLong("invisibleTime");
        if (millis == null) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    "changeInvisibleTime needs \"invisibleTime\" in milliseconds");
        }
        return Duration.ofMillis(millis);
    }
}
