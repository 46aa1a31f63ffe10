package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.EndTransactionResponse;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse;
import apache.rocketmq.v2.GetOffsetRequest;
import apache.rocketmq.v2.GetOffsetResponse;
import apache.rocketmq.v2.HeartbeatRequest;
import apache.rocketmq.v2.HeartbeatResponse;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.NotifyClientTerminationRequest;
import apache.rocketmq.v2.NotifyClientTerminationResponse;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.QueryAssignmentRequest;
import apache.rocketmq.v2.QueryAssignmentResponse;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.QueryOffsetResponse;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.RecallMessageRequest;
import apache.rocketmq.v2.RecallMessageResponse;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.UpdateOffsetRequest;
import apache.rocketmq.v2.UpdateOffsetResponse;
import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.GroupSettingsCache;
import dev.wharf.messaging.PopReceiver;
import dev.wharf.messaging.ReceiptCommands;
import dev.wharf.transport.grpc.GrpcServerOptions;
import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.spi.ProcessorTable;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * {@code apache.rocketmq.v2.MessagingService}: each RPC is translated into the broker commands a Remoting
 * client would send, dispatched through the listener's processors. This class only routes calls to the
 * translators, one per family of RPCs.
 */
public final class GrpcMessagingService extends MessagingServiceGrpc.MessagingServiceImplBase {

    /** Bodies up to this many bytes in all are sent without a trip to the business pool. */
    static final int INLINE_SEND_BODIES = 64 << 10;

    private final Calls calls;
    private final RouteRpcs routes;
    private final ClientRpcs clients;
    private final SendRpcs sends;
    private final TransactionRpcs transactions;
    private final TelemetryRpcs telemetry;
    private final ReceiveRpcs receives;
    private final AckRpcs acks;
    private final PullRpcs pulls;
    private final OffsetRpcs offsets;
    private final ScheduledFuture<?> renewals;

    public GrpcMessagingService(
            ProcessorTable processors,
            ClientSessions sessions,
            ExecutorService pool,
            ScheduledExecutorService timer,
            Clock clock,
            GrpcServerOptions options) {
        CommandDispatcher broker = new CommandDispatcher(processors);
        ServiceContext context = new ServiceContext(
                broker, sessions, pool, timer, clock, new GroupSettingsCache(broker), options);
        PendingTransactions pendingTransactions = new PendingTransactions();
        this.calls = new Calls(sessions, pool);
        this.routes = new RouteRpcs(context);
        this.clients = new ClientRpcs(context);
        this.sends = new SendRpcs(context, pendingTransactions);
        this.transactions = new TransactionRpcs(context, pendingTransactions);
        this.telemetry = new TelemetryRpcs(context, pendingTransactions, clients);
        ReceiptCommands receipts = new ReceiptCommands(broker);
        ReceiptRenewer renewer = new ReceiptRenewer(receipts, clock);
        this.renewals = renewer.start(timer, pool);
        this.receives = new ReceiveRpcs(
                context, new PopReceiver(broker, receipts, context.groups(), clock), renewer);
        this.acks = new AckRpcs(context, receipts, renewer);
        this.pulls = new PullRpcs(context);
        this.offsets = new OffsetRpcs(context);
    }

    /** Stops the service's own background work (receipt renewals); the listener closes the calls. */
    public void close() {
        renewals.cancel(false);
    }

    @Override
    public void queryRoute(QueryRouteRequest request, StreamObserver<QueryRouteResponse> observer) {
        calls.unary(observer, status -> QueryRouteResponse.newBuilder().setStatus(status).build(),
                scope -> routes.queryRoute(scope, request));
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
        calls.unary(Calls.Placement.INLINE, observer,
                status -> HeartbeatResponse.newBuilder().setStatus(status).build(),
                scope -> clients.heartbeat(scope, request));
    }

    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> observer) {
        calls.unary(placementOf(request), observer,
                status -> SendMessageResponse.newBuilder().setStatus(status).build(),
                scope -> sends.sendMessage(scope, request));
    }

    @Override
    public void queryAssignment(QueryAssignmentRequest request, StreamObserver<QueryAssignmentResponse> observer) {
        calls.unary(observer, status -> QueryAssignmentResponse.newBuilder().setStatus(status).build(),
                scope -> routes.queryAssignment(scope, request));
    }

    @Override
    public void ackMessage(AckMessageRequest request, StreamObserver<AckMessageResponse> observer) {
        calls.unary(Calls.Placement.INLINE, observer,
                status -> AckMessageResponse.newBuilder().setStatus(status).build(),
                scope -> acks.ackMessage(scope, request));
    }

    @Override
    public void forwardMessageToDeadLetterQueue(ForwardMessageToDeadLetterQueueRequest request, StreamObserver<ForwardMessageToDeadLetterQueueResponse> observer) {
        calls.unary(observer, status -> ForwardMessageToDeadLetterQueueResponse.newBuilder().setStatus(status).build(),
                scope -> acks.forwardMessageToDeadLetterQueue(scope, request));
    }

    @Override
    public void updateOffset(UpdateOffsetRequest request, StreamObserver<UpdateOffsetResponse> observer) {
        calls.unary(observer, status -> UpdateOffsetResponse.newBuilder().setStatus(status).build(),
                scope -> offsets.updateOffset(scope, request));
    }

    @Override
    public void getOffset(GetOffsetRequest request, StreamObserver<GetOffsetResponse> observer) {
        calls.unary(observer, status -> GetOffsetResponse.newBuilder().setStatus(status).build(),
                scope -> offsets.getOffset(scope, request));
    }

    @Override
    public void queryOffset(QueryOffsetRequest request, StreamObserver<QueryOffsetResponse> observer) {
        calls.unary(observer, status -> QueryOffsetResponse.newBuilder().setStatus(status).build(),
                scope -> offsets.queryOffset(scope, request));
    }

    @Override
    public void endTransaction(EndTransactionRequest request, StreamObserver<EndTransactionResponse> observer) {
        calls.unary(Calls.Placement.INLINE, observer,
                status -> EndTransactionResponse.newBuilder().setStatus(status).build(),
                scope -> transactions.endTransaction(scope, request));
    }

    @Override
    public void notifyClientTermination(NotifyClientTerminationRequest request, StreamObserver<NotifyClientTerminationResponse> observer) {
        calls.unary(observer, status -> NotifyClientTerminationResponse.newBuilder().setStatus(status).build(),
                scope -> clients.notifyClientTermination(scope, request));
    }

    @Override
    public void changeInvisibleDuration(ChangeInvisibleDurationRequest request, StreamObserver<ChangeInvisibleDurationResponse> observer) {
        calls.unary(Calls.Placement.INLINE, observer,
                status -> ChangeInvisibleDurationResponse.newBuilder().setStatus(status).build(),
                scope -> acks.changeInvisibleDuration(scope, request));
    }

    @Override
    public void recallMessage(RecallMessageRequest request, StreamObserver<RecallMessageResponse> observer) {
        calls.unary(observer, status -> RecallMessageResponse.newBuilder().setStatus(status).build(),
                scope -> sends.recallMessage(scope, request));
    }

    @Override
    public void receiveMessage(ReceiveMessageRequest request, StreamObserver<ReceiveMessageResponse> observer) {
        calls.stream(observer, status -> ReceiveMessageResponse.newBuilder().setStatus(status).build(),
                scope -> receives.receiveMessage(scope, request, observer));
    }

    @Override
    public void pullMessage(PullMessageRequest request, StreamObserver<PullMessageResponse> observer) {
        calls.stream(observer, status -> PullMessageResponse.newBuilder().setStatus(status).build(),
                scope -> pulls.pullMessage(scope, request, observer));
    }

    /** Telemetry reports failures as gRPC statuses, not in-band, so it manages its own stream. */
    @Override
    public StreamObserver<TelemetryCommand> telemetry(StreamObserver<TelemetryCommand> toClient) {
        return telemetry.telemetry(toClient);
    }

    /**
     * Small sends are translated inline: validating a message and writing its properties is a few
     * microseconds; copying megabytes of body is not, so large ones go to the pool.
     */
    private static Calls.Placement placementOf(SendMessageRequest request) {
        long bodies = 0;
        for (int i = 0; i < request.getMessagesCount(); i++) {
            bodies += request.getMessages(i).getBody().size();
        }
        return bodies <= INLINE_SEND_BODIES ? Calls.Placement.INLINE : Calls.Placement.POOL;
    }
}
