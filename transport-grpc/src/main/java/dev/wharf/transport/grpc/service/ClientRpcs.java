package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.HeartbeatRequest;
import apache.rocketmq.v2.HeartbeatResponse;
import apache.rocketmq.v2.NotifyClientTerminationRequest;
import apache.rocketmq.v2.NotifyClientTerminationResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.Status;
import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.HeartbeatBodies;
import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.grpc.session.ClientSettings;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Heartbeat and NotifyClientTermination: a client's membership of producer and consumer groups, as
 * HEART_BEAT and UNREGISTER_CLIENT commands built from the settings it sent on its Telemetry stream.
 */
final class ClientRpcs {

    private final CommandDispatcher broker;
    private final ClientSessions sessions;

    ClientRpcs(ServiceContext context) {
        this.broker = context.broker();
        this.sessions = context.sessions();
    }

    CompletableFuture<HeartbeatResponse> heartbeat(CallScope scope, HeartbeatRequest request) {
        return register(scope, settingsOf(scope), request.getGroup())
                .thenApply(status -> HeartbeatResponse.newBuilder().setStatus(status).build());
    }

    /**
     * Makes the client a member of the groups its settings describe (HEART_BEAT), the consumer group being
     * {@code group} when that names one.
     */
    CompletableFuture<Status> register(CallScope scope, ClientSettings settings, Resource group) {
        String clientId = scope.metadata().clientId();
        byte[] body = switch (settings.clientType()) {
            case PRODUCER -> HeartbeatBodies.producer(clientId, settings);
            case PUSH_CONSUMER, SIMPLE_CONSUMER, PULL_CONSUMER -> HeartbeatBodies.consumer(
                    clientId, settings, group(group, settings), settings.receivedAtMillis());
            default -> throw unrecognized(settings.clientType());
        };
        RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT).body(body).build();
        return broker.call(scope.requestContext(), heartbeat).thenApply(GrpcCodes::statusOf);
    }

    /**
     * Leaves the client's groups and forgets the client. It is forgotten even when the broker refused
     * to let it leave: the client is going away either way, and the broker expires silent members.
     */
    CompletableFuture<NotifyClientTerminationResponse> notifyClientTermination(
            CallScope scope, NotifyClientTerminationRequest request) {
        ClientSettings settings = settingsOf(scope);
        String clientId = scope.metadata().clientId();
        List<RemotingCommand> unregisters = switch (settings.clientType()) {
            case PRODUCER -> settings.publishingTopics().stream()
                    .map(topic -> unregister(clientId).extField("producerGroup", topic).build())
                    .toList();
            case PUSH_CONSUMER, SIMPLE_CONSUMER, PULL_CONSUMER -> List.of(unregister(clientId)
                    .extField("consumerGroup", group(request.getGroup(), settings))
                    .build());
            default -> throw unrecognized(settings.clientType());
        };
        List<CompletableFuture<Status>> statuses = unregisters.stream()
                .map(command -> broker.call(scope.requestContext(), command).thenApply(GrpcCodes::statusOf))
                .toList();
        return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> sessions.remove(clientId))
                .thenApply(done -> NotifyClientTerminationResponse.newBuilder()
                        .setStatus(statuses.stream()
                                .map(CompletableFuture::join)
                                .filter(status -> status.getCode() != Code.OK)
                                .findFirst()
                                .orElse(GrpcCodes.ok()))
                        .build());
    }

    private static ClientSettings settingsOf(CallScope scope) {
        return scope.connection().settings().orElseThrow(() -> new GrpcStatusException(
                Code.UNRECOGNIZED_CLIENT_TYPE, "cannot find client settings for this client"));
    }

    /** The group the request names, else the one of the client's settings. */
    private static String group(Resource requested, ClientSettings settings) {
        return ResourceNames.group(requested.getName().isBlank() ? settings.group().getName() : requested.getName());
    }

    private static RemotingCommand.Builder unregister(String clientId) {
        return RemotingCommand.request(RequestCode.UNREGISTER_CLIENT).extField("clientID", clientId);
    }

    private static GrpcStatusException unrecognized(ClientType type) {
        return new GrpcStatusException(Code.UNRECOGNIZED_CLIENT_TYPE, "client type " + type + " is not supported");
    }
}
