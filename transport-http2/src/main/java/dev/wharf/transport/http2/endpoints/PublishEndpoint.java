package dev.wharf.transport.http2.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.http2.api.ApiException;
import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.HttpError;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/topics/{topic}/messages}: one message, or {@code {"messages": [...]}} for a batch of up to
 * {@code maxBatchMessages}. Answers {@code {"results": [...]}}, one result per message in order: its id,
 * queue and offset, or its error. A batch is 200 whatever became of its messages; a single refused message
 * gets its error's status.
 */
final class PublishEndpoint {

    private final MessagingService messaging;
    private final int maxBatchMessages;

    PublishEndpoint(MessagingService messaging, int maxBatchMessages) {
        this.messaging = messaging;
        this.maxBatchMessages = maxBatchMessages;
    }

    CompletableFuture<ApiResponse> publish(ApiRequest request) {
        ObjectNode body = request.jsonBody();
        boolean batch = body.has("messages");
        List<Publication> messages = batch ? batch(body) : List.of(PublicationReader.read(body, ""));
        return messaging.publish(request.context(), request.param("topic"), messages)
                .thenApply(results -> answer(results, batch));
    }

    private List<Publication> batch(ObjectNode body) {
        if (body.size() != 1) {
            throw ApiException.badRequest("a batch has the field 'messages' only; put every other field in its messages");
        }
        JsonNode messages = body.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("field 'messages' must be a non-empty array of messages");
        }
        if (messages.size() > maxBatchMessages) {
            throw ApiException.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "BATCH_TOO_LARGE",
                    "a batch holds at most " + maxBatchMessages + " messages, got " + messages.size()
                            + " (listener option maxBatchMessages)");
        }
        List<Publication> publications = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            publications.add(PublicationReader.read(messages.get(i), "messages[" + i + "]"));
        }
        return publications;
    }

    private static ApiResponse answer(List<PublishResult> results, boolean batch) {
        if (!batch && results.get(0) instanceof PublishResult.Refused refused) {
            return ApiResponse.error(HttpError.of(refused.error()));
        }
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("results");
        for (PublishResult result : results) {
            ObjectNode item = list.addObject().put("messageId", result.messageId());
            if (result instanceof PublishResult.Published stored) {
                item.put("queue", stored.queueId()).put("offset", stored.queueOffset());
            } else if (result instanceof PublishResult.Refused refused) {
                item.set("error", Json.errorFields(HttpError.of(refused.error())));
            }
        }
        return ApiResponse.ok(answer);
    }
}
