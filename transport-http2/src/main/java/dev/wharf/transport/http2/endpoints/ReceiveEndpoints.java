package dev.wharf.transport.http2.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.http2.api.ApiException;
import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.Durations;
import dev.wharf.transport.http2.api.Fields;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Consuming with POP under {@code /v1/groups/{group}/topics/{topic}/}: {@code receive} (a long poll),
 * {@code ack} (one {@code receiptHandle} or a list of {@code receiptHandles}), {@code nack} (redeliver soon)
 * and {@code invisible-time} (answers the new receipt handle).
 */
final class ReceiveEndpoints {

    /** Most receipt handles one ack request settles. */
    static final int MAX_ACKS = 256;

    private final MessagingService messaging;

    ReceiveEndpoints(MessagingService messaging) {
        this.messaging = messaging;
    }

    CompletableFuture<ApiResponse> receive(ApiRequest request) {
        BodyEncoding encoding = ReceiveQuery.encoding(request);
        return messaging.receive(request.context(), ReceiveQuery.of(request, ReceiveQuery.DEFAULT_WAIT))
                .thenApply(deliveries -> {
                    ObjectNode answer = Json.object();
                    ArrayNode messages = answer.putArray("messages");
                    for (Delivery delivery : deliveries) {
                        messages.add(DeliveryJson.of(delivery, encoding));
                    }
                    return ApiResponse.ok(answer);
                });
    }

    /** 204 for one handle; {@code {"results": [...]}} in order for a list, each ok or its error. */
    CompletableFuture<ApiResponse> ack(ApiRequest request) {
        Fields fields = Fields.of(request.jsonBody(), "", Set.of("receiptHandle", "receiptHandles"));
        String group = request.param("group");
        String topic = request.param("topic");
        if (fields.has("receiptHandle") == fields.has("receiptHandles")) {
            throw ApiException.badRequest("give either 'receiptHandle' or 'receiptHandles'");
        }
        if (fields.has("receiptHandle")) {
            return messaging.ack(request.context(), group, topic, fields.requiredText("receiptHandle"))
                    .thenApply(done -> ApiResponse.noContent());
        }
        List<String> handles = fields.textList("receiptHandles");
        if (handles.isEmpty() || handles.size() > MAX_ACKS) {
            throw ApiException.badRequest("field 'receiptHandles' must hold 1.." + MAX_ACKS + " handles, got "
                    + handles.size());
        }
        List<CompletableFuture<JsonNode>> results = new ArrayList<>();
        for (String handle : handles) {
            results.add(messaging.ack(request.context(), group, topic, handle).handle((done, failure) -> {
                ObjectNode result = Json.object().put("receiptHandle", handle);
                return failure == null ? result.put("ok", true)
                        : result.set("error", Json.errorFields(ApiException.errorOf(failure)));
            }));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(all -> {
            ObjectNode answer = Json.object();
            ArrayNode list = answer.putArray("results");
            results.forEach(result -> list.add(result.join()));
            return ApiResponse.ok(answer);
        });
    }

    CompletableFuture<ApiResponse> nack(ApiRequest request) {
        Fields fields = Fields.of(request.jsonBody(), "", Set.of("receiptHandle"));
        return messaging.nack(request.context(), request.param("group"), request.param("topic"),
                        fields.requiredText("receiptHandle"))
                .thenApply(done -> ApiResponse.noContent());
    }

    CompletableFuture<ApiResponse> changeInvisibleTime(ApiRequest request) {
        Fields fields = Fields.of(request.jsonBody(), "", Set.of("receiptHandle", "invisibleTime"));
        String handle = fields.requiredText("receiptHandle");
        java.time.Duration invisible = Durations.parse("invisibleTime", fields.requiredText("invisibleTime"));
        return messaging.changeInvisibleTime(request.context(), request.param("group"), request.param("topic"),
                        handle, invisible)
                .thenApply(renewed -> ApiResponse.ok(Json.object().put("receiptHandle", renewed)));
    }
}
