package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import dev.wharf.messaging.Filter;
import dev.wharf.messaging.PopAnswer.Popped;
import dev.wharf.messaging.PopReceiver;
import dev.wharf.messaging.PopRequest;
import dev.wharf.messaging.ReceiptCommands;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.MessageViews;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.grpc.convert.Subscription;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * ReceiveMessage: one POP through the shared {@link PopReceiver} (which acks messages the tag filter does not
 * take and dead-letters those out of attempts), answered as a stream of a status, the messages and the
 * delivery timestamp ({@link ReceiveStream}). A PushConsumer's deliveries ({@code auto_renew}) are kept
 * invisible by the {@link ReceiptRenewer} until the client settles them. When the client has given up on the
 * call by the time the broker answers, the messages are made visible again after
 * {@value #NACK_INVISIBLE_MILLIS} ms instead of their whole invisible time.
 */
final class ReceiveRpcs {

    static final int MAX_BATCH = MessagingService.MAX_BATCH;
    static final long MIN_INVISIBLE_MILLIS = MessagingService.MIN_INVISIBLE_TIME.toMillis();
    static final long MAX_INVISIBLE_MILLIS = MessagingService.MAX_INVISIBLE_TIME.toMillis();
    static final long NACK_INVISIBLE_MILLIS = 1_000;

    private final ServiceContext context;
    private final PopReceiver receiver;
    private final ReceiptRenewer renewer;
    private final Executor onPool;

    ReceiveRpcs(ServiceContext context, PopReceiver receiver, ReceiptRenewer renewer) {
        this.context = context;
        this.receiver = receiver;
        this.renewer = renewer;
        this.onPool = new OnPool(context.pool());
    }

    void receiveMessage(CallScope scope, ReceiveMessageRequest request, StreamObserver<ReceiveMessageResponse> stream) {
        ReceiveStream out = new ReceiveStream(stream, context.clock());
        try {
            PopRequest pop = check(scope, request);
            receiver.pop(scope.requestContext(), pop).whenCompleteAsync((popped, failure) -> {
                try {
                    if (failure != null) {
                        answerFailure(failure, out);
                    } else {
                        deliver(scope, pop, request.getAutoRenew(), popped, out);
                    }
                } catch (RuntimeException e) {
                    out.fail(e);
                }
            }, onPool);
        } catch (RuntimeException e) {
            out.fail(e);
        }
    }

    private PopRequest check(CallScope scope, ReceiveMessageRequest request) {
        String group = ResourceNames.group(request.getGroup().getName());
        String topic = ResourceNames.topic(request.getMessageQueue().getTopic().getName());
        Filter filter = request.hasFilterExpression() ? Subscription.of(request.getFilterExpression()) : Filter.all();
        if (request.getBatchSize() < 1) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "batch size must be at least 1, got "
                    + request.getBatchSize());
        }
        long invisible;
        if (request.getAutoRenew()) {
            invisible = ReceiptRenewer.INVISIBLE_MILLIS;
        } else {
            invisible = ProtoTimes.millis(request.getInvisibleDuration());
            if (invisible < MIN_INVISIBLE_MILLIS || invisible > MAX_INVISIBLE_MILLIS) {
                throw new GrpcStatusException(Code.ILLEGAL_INVISIBLE_TIME, "invisible duration " + invisible
                        + " ms is outside [" + MIN_INVISIBLE_MILLIS + ", " + MAX_INVISIBLE_MILLIS + "] ms");
            }
        }
        long polling = PollingTime.millis(
                request.hasLongPollingTimeout() ? request.getLongPollingTimeout() : null, scope.remainingMillis());
        String brokerName = request.getMessageQueue().getBroker().getName();
        return new PopRequest(group, topic, brokerName.isBlank() ? ReceiptCommands.UNNAMED_BROKER : brokerName, filter,
                Math.min(request.getBatchSize(), MAX_BATCH), invisible, polling,
                request.hasAttemptId() ? request.getAttemptId() : null);
    }

    /** A busy broker is TOO_MANY_REQUESTS in the stream's status; other refusals fail the call as usual. */
    private static void answerFailure(Throwable failure, ReceiveStream out) {
        MessagingError error = MessagingException.errorOf(failure);
        if (error.code() == ErrorCode.TOO_MANY_REQUESTS) {
            out.status(GrpcCodes.status(Code.TOO_MANY_REQUESTS, error.message()));
        } else {
            out.fail(failure);
        }
    }

    private void deliver(CallScope scope, PopRequest pop, boolean autoRenew, List<Popped> deliverable,
            ReceiveStream out) {
        if (deliverable.isEmpty()) {
            out.nothing("no new message");
            return;
        }
        if (out.isCancelled()) {
            receiver.handBack(scope.requestContext(), pop, deliverable, NACK_INVISIBLE_MILLIS);
            return;
        }
        List<Message> messages = new ArrayList<>(deliverable.size());
        for (Popped message : deliverable) {
            if (autoRenew) {
                renewer.track(scope, pop.group(), pop.topic(), message.handle());
            }
            messages.add(MessageViews.toMessage(message.message(), message.handle().encode(),
                    message.deliveryAttempt()));
        }
        out.messages(messages);
    }
}
