package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.MessageViews;
import dev.wharf.transport.grpc.convert.PopAnswer;
import dev.wharf.transport.grpc.convert.PopAnswer.Popped;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.grpc.convert.ResourceNames;
import dev.wharf.transport.grpc.convert.Subscription;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReceiveMessage: one POP_MESSAGE on any queue ({@code queueId} -1) of the topic, long-polling at the
 * broker, answered as a stream of a status, the messages and the delivery timestamp ({@link ReceiveStream}).
 *
 * <p>Of what the broker hands out, messages whose tag the subscription does not name (the broker matches
 * tag hashes only) are acknowledged silently, and messages that have used up the group's delivery attempts
 * are moved to the dead-letter queue; neither reaches the client. A PushConsumer's deliveries
 * ({@code auto_renew}) are kept invisible by the {@link ReceiptRenewer} until the client settles them. When
 * the client has given up on the call by the time the broker answers, the messages are made visible again
 * after {@value #NACK_INVISIBLE_MILLIS} ms instead of their whole invisible time.
 */
final class ReceiveRpcs {

    static final int MAX_BATCH = 32;
    static final long MIN_INVISIBLE_MILLIS = Duration.ofSeconds(10).toMillis();
    static final long MAX_INVISIBLE_MILLIS = Duration.ofHours(12).toMillis();
    static final long NACK_INVISIBLE_MILLIS = 1_000;
    /** Where a group starts in a queue it never consumed: new messages only, as Apache RocketMQ's proxy. */
    private static final int INIT_MODE_MAX = 1;

    private static final Logger log = LoggerFactory.getLogger(ReceiveRpcs.class);

    /** A checked ReceiveMessage request. */
    private record Receive(String group, String topic, String brokerName, Subscription subscription, int batch,
            boolean autoRenew, long invisibleMillis, long pollingMillis, String attemptId) {}

    /** What the broker answered a pop with, and the settings of the group it popped for. */
    private record Pop(GroupSettings group, RemotingCommand answer) {}

    private final ServiceContext context;
    private final ReceiptCommands receipts;
    private final ReceiptRenewer renewer;
    private final Executor onPool;

    ReceiveRpcs(ServiceContext context, ReceiptCommands receipts, ReceiptRenewer renewer) {
        this.context = context;
        this.receipts = receipts;
        this.renewer = renewer;
        this.onPool = new OnPool(context.pool());
    }

    void receiveMessage(CallScope scope, ReceiveMessageRequest request, StreamObserver<ReceiveMessageResponse> stream) {
        ReceiveStream out = new ReceiveStream(stream, context.clock());
        try {
            Receive receive = check(scope, request);
            context.groups().get(scope, receive.group())
                    .thenCompose(group -> context.broker().call(scope, popRequest(receive, group))
                            .thenApply(answer -> new Pop(group, answer)))
                    .whenCompleteAsync((pop, failure) -> {
                        try {
                            if (failure != null) {
                                out.fail(failure);
                            } else {
                                answer(scope, receive, pop.group(), pop.answer(), out);
                            }
                        } catch (RuntimeException e) {
                            out.fail(e);
                        }
                    }, onPool);
        } catch (RuntimeException e) {
            out.fail(e);
        }
    }

    private Receive check(CallScope scope, ReceiveMessageRequest request) {
        String group = ResourceNames.group(request.getGroup());
        String topic = ResourceNames.topic(request.getMessageQueue().getTopic());
        Subscription subscription = request.hasFilterExpression()
                ? Subscription.of(request.getFilterExpression())
                : Subscription.all();
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
        return new Receive(group, topic, brokerName.isBlank() ? ReceiptCommands.UNNAMED_BROKER : brokerName, subscription,
                Math.min(request.getBatchSize(), MAX_BATCH), request.getAutoRenew(), invisible, polling,
                request.hasAttemptId() ? request.getAttemptId() : null);
    }

    private RemotingCommand popRequest(Receive receive, GroupSettings group) {
        return RemotingCommand.request(RequestCode.POP_MESSAGE)
                .extField("consumerGroup", receive.group())
                .extField("topic", receive.topic())
                .extField("queueId", -1)
                .extField("maxMsgNums", receive.batch())
                .extField("invisibleTime", receive.invisibleMillis())
                .extField("pollTime", receive.pollingMillis())
                .extField("bornTime", context.clock().millis())
                .extField("initMode", INIT_MODE_MAX)
                .extField("expType", receive.subscription().expressionType())
                .extField("exp", receive.subscription().expression())
                .extField("order", group.fifo())
                .extField("attemptId", group.fifo() ? receive.attemptId() : null)
                .extField("bname", ReceiptCommands.routable(receive.brokerName()))
                .build();
    }

    private void answer(CallScope scope, Receive receive, GroupSettings group, RemotingCommand answer,
            ReceiveStream out) {
        switch (answer.code()) {
            case ResponseCode.SUCCESS -> deliver(scope, receive, group, PopAnswer.read(answer, receive.brokerName()), out);
            case ResponseCode.POLLING_TIMEOUT, ResponseCode.PULL_NOT_FOUND -> out.nothing("no new message");
            case ResponseCode.POLLING_FULL -> out.status(GrpcCodes.status(Code.TOO_MANY_REQUESTS, "polling full"));
            default -> out.status(GrpcCodes.statusOf(answer));
        }
    }

    private void deliver(CallScope scope, Receive receive, GroupSettings group, List<Popped> popped,
            ReceiveStream out) {
        List<Popped> deliverable = new ArrayList<>(popped.size());
        for (Popped message : popped) {
            if (!receive.subscription().accepts(message.message().tags())) {
                settle(() -> receipts.ack(scope, receive.group(), receive.topic(), message.handle()), message, "skip");
            } else if (message.reconsumeTimes() >= group.maxDeliveryAttempts()) {
                settle(() -> receipts.forwardToDeadLetterQueue(scope, receive.group(), receive.topic(), message.handle(),
                        message.message().messageId()), message, "dead-letter");
            } else {
                deliverable.add(message);
            }
        }
        if (deliverable.isEmpty()) {
            out.nothing("no match message");
            return;
        }
        if (out.isCancelled()) {
            for (Popped message : deliverable) {
                settle(() -> receipts.changeInvisibleTime(scope, receive.group(), receive.topic(), message.handle(),
                        NACK_INVISIBLE_MILLIS), message, "hand back");
            }
            return;
        }
        List<Message> messages = new ArrayList<>(deliverable.size());
        for (Popped message : deliverable) {
            if (receive.autoRenew()) {
                renewer.track(scope, receive.group(), receive.topic(), message.handle());
            }
            messages.add(MessageViews.toMessage(message.message(), message.handle().encode(),
                    message.deliveryAttempt()));
        }
        out.messages(messages);
    }

    /** Logs a failed settlement of a message the client never sees; the message then simply comes back. */
    private static void settle(Supplier<CompletableFuture<?>> settlement, Popped message, String what) {
        CompletableFuture<?> settled;
        try {
            settled = settlement.get();
        } catch (RuntimeException e) {
            settled = CompletableFuture.failedFuture(e);
        }
        settled.whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("could not {} message {} of {}; it will be delivered again: {}", what,
                        message.message().messageId(), message.message().topic(), failure.getMessage());
            }
        });
    }
}
