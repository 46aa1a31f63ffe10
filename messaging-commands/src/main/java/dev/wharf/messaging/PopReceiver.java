package dev.wharf.messaging;

import dev.wharf.messaging.PopAnswer.Popped;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiving with POP: one POP_MESSAGE on any queue ({@code queueId} -1) of a topic, long-polling at the
 * broker, as a Remoting POP consumer sends it, in FIFO order when the group consumes in order.
 *
 * <p>Of what the broker hands out, messages whose tag the filter does not name (the broker matches tag hashes
 * only) are acknowledged silently, and messages that have used up the group's delivery attempts are moved to
 * the dead-letter queue; neither reaches the client. An empty answer, or one the broker held until the poll
 * ran out, completes with an empty list.
 */
public final class PopReceiver {

    /** Where a group starts in a queue it never consumed: new messages only, as Apache RocketMQ's proxy. */
    private static final int INIT_MODE_MAX = 1;

    private static final Logger log = LoggerFactory.getLogger(PopReceiver.class);

    private final CommandDispatcher broker;
    private final ReceiptCommands receipts;
    private final GroupSettingsCache groups;
    private final Clock clock;

    public PopReceiver(CommandDispatcher broker, ReceiptCommands receipts, GroupSettingsCache groups, Clock clock) {
        this.broker = broker;
        this.receipts = receipts;
        this.groups = groups;
        this.clock = clock;
    }

    /** The deliverable messages of one pop; fails with a {@link MessagingException} when the broker refuses. */
    public CompletableFuture<List<Popped>> pop(RequestContext context, PopRequest request) {
        return groups.get(context, request.group())
                .thenCompose(group -> broker.call(context, command(request, group))
                        .thenApply(answer -> deliverable(context, request, group, answer)));
    }

    private RemotingCommand command(PopRequest request, GroupSettings group) {
        return RemotingCommand.request(RequestCode.POP_MESSAGE)
                .extField("consumerGroup", request.group())
                .extField("topic", request.topic())
                .extField("queueId", -1)
                .extField("maxMsgNums", request.batch())
                .extField("invisibleTime", request.invisibleMillis())
                .extField("pollTime", request.pollingMillis())
                .extField("bornTime", clock.millis())
                .extField("initMode", INIT_MODE_MAX)
                .extField("expType", request.filter().expressionType())
                .extField("exp", request.filter().expression())
                .extField("order", group.fifo())
                .extField("attemptId", group.fifo() ? request.attemptId() : null)
                .extField("bname", ReceiptCommands.routable(request.brokerName()))
                .build();
    }

    private List<Popped> deliverable(RequestContext context, PopRequest request, GroupSettings group,
            RemotingCommand answer) {
        if (answer == null) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR, "the broker sent no answer to the pop");
        }
        return switch (answer.code()) {
            case ResponseCode.SUCCESS -> sift(context, request, group, PopAnswer.read(answer, poppedBy(request, answer)));
            case ResponseCode.POLLING_TIMEOUT, ResponseCode.PULL_NOT_FOUND -> List.of();
            case ResponseCode.POLLING_FULL -> throw new MessagingException(new MessagingError(
                    ErrorCode.TOO_MANY_REQUESTS, "polling full: too many consumers are waiting", answer.code()));
            default -> throw BrokerRefusals.refusal(answer);
        };
    }

    /**
     * The broker whose receipts the answer's messages get: the one the pop named, or, for a pop of any broker,
     * the one a Cluster-mode gateway says answered it (header field {@code bname} of the answer).
     */
    private static String poppedBy(PopRequest request, RemotingCommand answer) {
        String answeredBy = answer.extField("bname");
        return ReceiptCommands.UNNAMED_BROKER.equals(request.brokerName()) && answeredBy != null && !answeredBy.isBlank()
                ? answeredBy
                : request.brokerName();
    }

    private List<Popped> sift(RequestContext context, PopRequest request, GroupSettings group, List<Popped> popped) {
        List<Popped> deliverable = new ArrayList<>(popped.size());
        for (Popped message : popped) {
            if (!request.filter().accepts(message.message().tags())) {
                settle(() -> receipts.ack(context, request.group(), request.topic(), message.handle()), message,
                        "skip");
            } else if (message.reconsumeTimes() >= group.maxDeliveryAttempts()) {
                settle(() -> receipts.forwardToDeadLetterQueue(context, request.group(), request.topic(),
                        message.handle(), message.message().messageId()), message, "dead-letter");
            } else {
                deliverable.add(message);
            }
        }
        return deliverable;
    }

    /**
     * Makes messages the client will never see visible again after {@code invisibleMillis}: the client went
     * away while the broker was answering.
     */
    public void handBack(RequestContext context, PopRequest request, List<Popped> messages, long invisibleMillis) {
        for (Popped message : messages) {
            settle(() -> receipts.changeInvisibleTime(context, request.group(), request.topic(), message.handle(),
                    invisibleMillis), message, "hand back");
        }
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
