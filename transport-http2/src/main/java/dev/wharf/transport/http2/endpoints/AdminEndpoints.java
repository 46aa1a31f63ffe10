package dev.wharf.transport.http2.endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.messaging.admin.Admin;
import dev.wharf.messaging.admin.GroupOffsets;
import dev.wharf.messaging.admin.GroupSummary;
import dev.wharf.messaging.admin.QueueOffsets;
import dev.wharf.messaging.admin.QueueProgress;
import dev.wharf.messaging.admin.TopicDescription;
import dev.wharf.messaging.admin.TopicType;
import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.Fields;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Topics and groups: {@code GET/POST /v1/topics}, {@code GET/DELETE /v1/topics/{topic}},
 * {@code GET/POST /v1/groups}, {@code DELETE /v1/groups/{group}}, {@code GET /v1/groups/{group}/offsets}.
 * Creating is create-or-update, as with RocketMQ's {@code mqadmin updateTopic}: 201 with what now exists.
 */
final class AdminEndpoints {

    static final int DEFAULT_QUEUES = 4;

    private final Admin admin;

    AdminEndpoints(Admin admin) {
        this.admin = admin;
    }

    CompletableFuture<ApiResponse> listTopics(ApiRequest request) {
        return admin.listTopics(request.context()).thenApply(names -> {
            ObjectNode answer = Json.object();
            names.forEach(answer.putArray("topics")::add);
            return ApiResponse.ok(answer);
        });
    }

    CompletableFuture<ApiResponse> createTopic(ApiRequest request) {
        Fields fields = Fields.of(request.jsonBody(), "", Set.of("name", "type", "queues"));
        String name = fields.requiredText("name");
        String type = fields.optionalText("type");
        Integer queues = fields.optionalInt("queues");
        return admin.createTopic(request.context(), name, queues == null ? DEFAULT_QUEUES : queues,
                        type == null ? TopicType.NORMAL : TopicType.parse(type))
                .thenCompose(created -> admin.describeTopic(request.context(), name))
                .thenApply(topic -> ApiResponse.json(HttpResponseStatus.CREATED, topicJson(topic)));
    }

    CompletableFuture<ApiResponse> describeTopic(ApiRequest request) {
        return admin.describeTopic(request.context(), request.param("topic"))
                .thenApply(topic -> ApiResponse.ok(topicJson(topic)));
    }

    CompletableFuture<ApiResponse> deleteTopic(ApiRequest request) {
        return admin.deleteTopic(request.context(), request.param("topic")).thenApply(done -> ApiResponse.noContent());
    }

    CompletableFuture<ApiResponse> listGroups(ApiRequest request) {
        return admin.listGroups(request.context()).thenApply(groups -> {
            ObjectNode answer = Json.object();
            ArrayNode list = answer.putArray("groups");
            groups.forEach(group -> list.add(groupJson(group)));
            return ApiResponse.ok(answer);
        });
    }

    CompletableFuture<ApiResponse> createGroup(ApiRequest request) {
        Fields fields = Fields.of(request.jsonBody(), "", Set.of("name", "fifo", "maxRetries"));
        String name = fields.requiredText("name");
        Integer maxRetries = fields.optionalInt("maxRetries");
        return admin.createGroup(request.context(), name,
                        maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries),
                        fields.optionalBoolean("fifo", false))
                .thenCompose(created -> admin.listGroups(request.context()))
                .thenApply(groups -> ApiResponse.json(HttpResponseStatus.CREATED, groupJson(find(groups, name))));
    }

    CompletableFuture<ApiResponse> deleteGroup(ApiRequest request) {
        return admin.deleteGroup(request.context(), request.param("group")).thenApply(done -> ApiResponse.noContent());
    }

    CompletableFuture<ApiResponse> offsets(ApiRequest request) {
        return admin.groupOffsets(request.context(), request.param("group"))
                .thenApply(offsets -> ApiResponse.ok(offsetsJson(offsets)));
    }

    private static GroupSummary find(List<GroupSummary> groups, String name) {
        return groups.stream().filter(group -> group.name().equals(name)).findFirst()
                .orElseThrow(() -> new MessagingException(ErrorCode.CONSUMER_GROUP_NOT_FOUND,
                        "consumer group '" + name + "' was not there after its creation"));
    }

    private static ObjectNode topicJson(TopicDescription topic) {
        ObjectNode json = Json.object()
                .put("name", topic.name())
                .put("type", topic.messageType())
                .put("readQueues", topic.readQueues())
                .put("writeQueues", topic.writeQueues());
        ArrayNode queues = json.putArray("queues");
        for (QueueOffsets queue : topic.queues()) {
            queues.addObject()
                    .put("queue", queue.queueId())
                    .put("minOffset", queue.minOffset())
                    .put("maxOffset", queue.maxOffset())
                    .put("lastStoreTime", queue.lastUpdateTimestamp());
        }
        return json;
    }

    private static ObjectNode groupJson(GroupSummary group) {
        return Json.object().put("name", group.name()).put("fifo", group.fifo()).put("maxRetries", group.retryMaxTimes());
    }

    private static ObjectNode offsetsJson(GroupOffsets offsets) {
        ObjectNode json = Json.object().put("group", offsets.group()).put("totalLag", offsets.totalLag());
        ArrayNode queues = json.putArray("queues");
        for (QueueProgress queue : offsets.queues()) {
            queues.addObject()
                    .put("topic", queue.topic())
                    .put("queue", queue.queueId())
                    .put("brokerOffset", queue.brokerOffset())
                    .put("consumerOffset", queue.consumerOffset())
                    .put("lag", queue.lag());
        }
        return json;
    }
}
