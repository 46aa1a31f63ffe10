package dev.wharf.messaging;

import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker commands that act on a delivered message through its receipt handle, as a Remoting POP
 * consumer sends them: ACK_MESSAGE, CHANGE_MESSAGE_INVISIBLETIME and CONSUMER_SEND_MSG_BACK. Each names
 * the real topic the handle's retry flag points to. A refusal fails the future with a
 * {@link MessagingException} carrying the mapped code.
 */
public final class ReceiptCommands {

    /** The broker name in receipts of a pop whose queue named no broker; never sent as {@code bname}. */
    public static final String UNNAMED_BROKER = "-";

    private static final Logger log = LoggerFactory.getLogger(ReceiptCommands.class);

    private final CommandDispatcher broker;

    public ReceiptCommands(CommandDispatcher broker) {
        this.broker = broker;
    }

    /** Acknowledges the message: the broker will not deliver it to {@code group} again. */
    public CompletableFuture<Void> ack(RequestContext context, String group, String topic, ReceiptHandle handle) {
        RemotingCommand request = aboutReceipt(RequestCode.ACK_MESSAGE, group, topic, handle).build();
        return broker.call(context, request).thenAccept(BrokerRefusals::requireSuccess);
    }

    /**
     * Makes the message invisible for {@code invisibleMillis} from now and answers with the handle that
     * now names it; the old one is dead.
     */
    public CompletableFuture<ReceiptHandle> changeInvisibleTime(RequestContext context, String group, String topic,
            ReceiptHandle handle, long invisibleMillis) {
        RemotingCommand request = aboutReceipt(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, group, topic, handle)
                .extField("invisibleTime", invisibleMillis)
                .build();
        return broker.call(context, request).thenApply(response -> {
            BrokerRefusals.requireSuccess(response);
            try {
                HeaderReader header = HeaderReader.of(response);
                return handle.renewed(header.requiredLong("popTime"), header.requiredLong("invisibleTime"),
                        header.requiredInt("reviveQid"));
            } catch (RuntimeException unreadable) {
                throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR,
                        "the broker's answer to the invisible-time change lacks the new receipt: "
                                + unreadable.getMessage());
            }
        });
    }

    /**
     * Moves the message to {@code group}'s dead-letter queue (a send-back that asks for no retry), then
     * acknowledges it. The future fails only when the send-back failed: the message is then still in
     * flight and comes back. Should the ack fail after it, the message is safe in the dead-letter queue and
     * a copy revives later; that is logged, not reported.
     */
    public CompletableFuture<Void> forwardToDeadLetterQueue(RequestContext context, String group, String topic,
            ReceiptHandle handle, String messageId) {
        if (handle.commitLogOffset() < 0) {
            throw new MessagingException(ErrorCode.INVALID_RECEIPT_HANDLE,
                    "receipt handle carries no commit-log offset to find the message by");
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .extField("offset", handle.commitLogOffset())
                .extField("group", group)
                .extField("delayLevel", -1)
                .extField("originMsgId", messageId)
                .extField("originTopic", topic)
                .extField("maxReconsumeTimes", 0)
                .extField("bname", routable(handle.brokerName()))
                .build();
        return broker.call(context, request).thenCompose(response -> {
            BrokerRefusals.requireSuccess(response);
            return ack(context, group, topic, handle).exceptionally(failure -> {
                log.warn("message {} of {} is in the dead-letter queue of {}, but its ack failed, so a copy will"
                        + " come back: {}", messageId, topic, group, failure.getMessage());
                return null;
            });
        });
    }

    /** A request about the message a receipt names, on the real (retry or original) topic it was popped from. */
    private static RemotingCommand.Builder aboutReceipt(int code, String group, String topic, ReceiptHandle handle) {
        return RemotingCommand.request(code)
                .extField("consumerGroup", group)
                .extField("topic", handle.realTopic(topic, group))
                .extField("queueId", handle.queueId())
                .extField("extraInfo", handle.extraInfo())
                .extField("offset", handle.queueOffset())
                .extField("bname", routable(handle.brokerName()));
    }

    /** The {@code bname} header for a broker name: none when the client named no broker. */
    public static String routable(String brokerName) {
        return UNNAMED_BROKER.equals(brokerName) ? null : brokerName;
    }

}
