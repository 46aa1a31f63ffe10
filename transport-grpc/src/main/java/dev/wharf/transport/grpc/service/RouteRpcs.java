package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Assignment;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.QueryAssignmentRequest;
import apache.rocketmq.v2.QueryAssignmentResponse;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.GroupSettingsCache;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.RouteQueues;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * QueryRoute and QueryAssignment: the broker's route (GET_ROUTEINFO_BY_TOPIC), with the topic's message
 * type (GET_TOPIC_CONFIG) for routes and the group's FIFO flag for assignments, as gRPC message queues.
 */
final class RouteRpcs {

    private final CommandDispatcher broker;
    private final GroupSettingsCache groups;

    RouteRpcs(ServiceContext context) {
        this.broker = context.broker();
        this.groups = context.groups();
    }

    CompletableFuture<QueryRouteResponse> queryRoute(CallScope scope, QueryRouteRequest request) {
        String topic = ResourceNames.topic(request.getTopic().getName());
        Endpoints endpoints = RouteQueues.endpoints(request.getEndpoints(), scope.metadata().localAddress());
        CompletableFuture<byte[]> route = route(scope, topic);
        CompletableFuture<byte[]> config = successBody(scope, RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG)
                .extField("topic", topic)
                .build());
        return route.thenCombine(config, (routeJson, configJson) -> QueryRouteResponse.newBuilder()
                .setStatus(GrpcCodes.ok())
                .addAllMessageQueues(RouteQueues.of(
                        request.getTopic(), routeJson, RouteQueues.acceptedTypes(configJson), endpoints))
                .build());
    }

    CompletableFuture<QueryAssignmentResponse> queryAssignment(CallScope scope, QueryAssignmentRequest request) {
        String topic = ResourceNames.topic(request.getTopic().getName());
        String group = ResourceNames.group(request.getGroup().getName());
        Endpoints endpoints = RouteQueues.endpoints(request.getEndpoints(), scope.metadata().localAddress());
        return route(scope, topic).thenCombine(groups.get(scope.requestContext(), group), (routeJson, settings) -> {
            List<Assignment> assignments =
                    RouteQueues.assignments(request.getTopic(), routeJson, settings.fifo(), endpoints);
            if (assignments.isEmpty()) {
                throw new GrpcStatusException(Code.FORBIDDEN, "no readable queue of topic " + topic);
            }
            return QueryAssignmentResponse.newBuilder()
                    .setStatus(GrpcCodes.ok())
                    .addAllAssignments(assignments)
                    .build();
        });
    }

    private CompletableFuture<byte[]> route(CallScope scope, String topic) {
        return successBody(scope, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", topic)
                .build());
    }

    /** The body of the broker's answer; its refusal, translated, when it did not succeed. */
    private CompletableFuture<byte[]> successBody(CallScope scope, RemotingCommand request) {
        return broker.call(scope.requestContext(), request).thenApply(response -> {
            if (response.code() != ResponseCode.SUCCESS) {
                throw GrpcCodes.refusal(response);
            }
            return response.body();
        });
    }
}
