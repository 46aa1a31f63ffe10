package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.TelemetryCommand;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.SettingsReplies;
import dev.wharf.transport.grpc.session.ClientMetadata;
import dev.wharf.transport.grpc.session.ClientSettings;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.grpc.session.TelemetryPush;
import dev.wharf.transport.spi.RequestContext;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telemetry stream, the client's channel: it brings the client's settings, which are stored and
 * answered at once with the server's merged in, and while it is open it carries the broker's pushes to
 * the client (check-backs, stack-trace and verify requests) and the client's answers back. Unlike every
 * other RPC it fails with real gRPC statuses: INVALID_ARGUMENT for a bad request, INTERNAL otherwise.
 *
 * <p>A client's first accepted settings also register it with the broker, as its heartbeats do. The 5.x Java
 * SDK's heartbeat timer starts with the client and skips its first beat (at 1 s) while the client is still
 * starting, so a client whose start took longer would otherwise be unknown to the broker, and its open
 * transactions never checked back, until its second beat 10 s later.
 */
final class TelemetryRpcs {

    private static final Logger log = LoggerFactory.getLogger(TelemetryRpcs.class);

    private final ServiceContext context;
    private final TelemetryTranslator translator;
    private final ClientRpcs clients;

    TelemetryRpcs(ServiceContext context, PendingTransactions transactions, ClientRpcs clients) {
        this.context = context;
        this.translator = new TelemetryTranslator(transactions);
        this.clients = clients;
    }

    StreamObserver<TelemetryCommand> telemetry(StreamObserver<TelemetryCommand> toClient) {
        ClientMetadata metadata = ClientMetadata.current();
        if (!metadata.hasClientId()) {
            toClient.onError(Status.INVALID_ARGUMENT.withDescription("client id cannot be empty").asRuntimeException());
            return new Ignored();
        }
        GrpcClientConnection connection = context.sessions().connection(metadata);
        TelemetryPush push = new TelemetryPush(metadata.clientId(), toClient, translator, context.timer());
        connection.attach(push);
        return new Stream(metadata, connection, push);
    }

    /** One open Telemetry stream of one client. */
    private final class Stream implements StreamObserver<TelemetryCommand> {

        private final ClientMetadata metadata;
        private final GrpcClientConnection connection;
        private final TelemetryPush push;

        Stream(ClientMetadata metadata, GrpcClientConnection connection, TelemetryPush push) {
            this.metadata = metadata;
            this.connection = connection;
            this.push = push;
        }

        @Override
        public void onNext(TelemetryCommand command) {
            switch (command.getCommandCase()) {
                case SETTINGS -> onSettings(command.getSettings());
                case THREAD_STACK_TRACE, VERIFY_MESSAGE_RESULT -> {
                    if (!push.answer(command)) {
                        log.debug("gRPC client {} answered a request no one waits for: {}",
                                metadata.clientId(), command.getCommandCase());
                    }
                }
                default -> log.debug("gRPC client {} sent telemetry {}, ignored", metadata.clientId(),
                        command.getCommandCase());
            }
        }

        @Override
        public void onError(Throwable failure) {
            connection.detach(push);
            push.broken();
        }

        @Override
        public void onCompleted() {
            connection.detach(push);
            push.complete();
        }

        /** Stores the client's settings and answers with the server's merged in; registers a new client. */
        private void onSettings(Settings settings) {
            boolean first = connection.settings().isEmpty();
            ClientSettings stored = new ClientSettings(settings, clock().millis());
            CompletableFuture<Settings> reply;
            try {
                reply = reply(settings);
                connection.settings(stored);
            } catch (RuntimeException refused) {
                reply = CompletableFuture.failedFuture(refused);
            }
            reply.whenComplete((merged, failure) -> {
                if (failure == null) {
                    push.write(TelemetryCommand.newBuilder().setStatus(GrpcCodes.ok()).setSettings(merged).build());
                    if (first) {
                        register(stored);
                    }
                } else {
                    end(failure);
                }
            });
        }

        /** A failed registration is only logged: the client's own heartbeats keep trying. */
        private void register(ClientSettings settings) {
            CompletableFuture<apache.rocketmq.v2.Status> registered;
            try {
                registered = clients.register(callScope(), settings, Resource.getDefaultInstance());
            } catch (RuntimeException e) {
                registered = CompletableFuture.failedFuture(e);
            }
            registered.whenComplete((status, failure) -> {
                if (failure != null || status.getCode() != Code.OK) {
                    log.debug("gRPC client {} is not registered on its settings ({}); its heartbeats will register it",
                            metadata.clientId(), failure != null ? failure.toString() : status.getMessage());
                }
            });
        }

        /** The reply to valid settings; a refusal, thrown, for settings that are not. */
        private CompletableFuture<Settings> reply(Settings settings) {
            return switch (settings.getPubSubCase()) {
                case PUBLISHING -> CompletableFuture.completedFuture(
                        SettingsReplies.forProducer(
                                settings, context.options().maxBodySize(), context.options().validateMessageType()));
                case SUBSCRIPTION -> {
                    String group = ResourceNames.group(settings.getSubscription().getGroup().getName());
                    yield context.groups().get(callScope().requestContext(), group).thenApply(groupSettings ->
                            SettingsReplies.forConsumer(settings, groupSettings.fifo(),
                                    groupSettings.maxDeliveryAttempts(), context.options().longPollingTimeout()));
                }
                default -> throw new GrpcStatusException(Code.BAD_REQUEST,
                        "settings carry neither publishing nor subscription");
            };
        }

        /** A refusal ends the stream as INVALID_ARGUMENT, any other failure as INTERNAL. */
        private void end(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            Optional<apache.rocketmq.v2.Status> refusal = Calls.refusalStatus(cause);
            Status status;
            if (refusal.isPresent() && refusal.get().getCode().getNumber() / 10_000 == 4) {
                status = Status.INVALID_ARGUMENT.withDescription(refusal.get().getMessage());
            } else {
                log.warn("Telemetry of gRPC client {} failed", metadata.clientId(), cause);
                status = Status.INTERNAL.withDescription(String.valueOf(cause.getMessage()));
            }
            connection.detach(push);
            push.fail(status);
        }

        /** Broker commands on behalf of this client; a stream has no deadline of its own. */
        private CallScope callScope() {
            return new CallScope(metadata, connection, new RequestContext(connection, clock().millis()), null);
        }

        private Clock clock() {
            return context.clock();
        }
    }

    /** The other side of a stream refused at its start. */
    private static final class Ignored implements StreamObserver<TelemetryCommand> {
        @Override
        public void onNext(TelemetryCommand command) {}

        @Override
        public void onError(Throwable failure) {}

        @Override
        public void onCompleted() {}
    }
}
