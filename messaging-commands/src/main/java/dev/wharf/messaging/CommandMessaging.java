package dev.wharf.messaging;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import dev.wharf.transport.spi.messaging.QueueRead;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link MessagingService} of Wharf's gateway: each operation becomes the Remoting commands a RocketMQ
 * client sends (SEND_MESSAGE, POP_MESSAGE, ACK_MESSAGE, CHANGE_INVISIBLETIME; QUERY_CONSUMER_OFFSET,
 * GET_MAX_OFFSET and UPDATE_CONSUMER_OFFSET to start a group at the queues' ends; PULL_MESSAGE to read a queue
 * by offset; GET_TOPIC_CONFIG and UPDATE_AND_CREATE_TOPIC to create a topic), dispatched on the listener's
 * processors. Transports get one from {@code TransportContext.messaging}, made by
 * {@link CommandMessagingFactory}; tests may make one directly.
 *
 * <pre>{@code
 * MessagingService messaging = new CommandMessaging(processors, PublicationChecks.from(serverConfig), clock);
 * }</pre>
 */
public final class CommandMessaging implements MessagingService {

    private final CommandDispatcher broker;
    private final PublicationChecks checks;
    private final Clock clock;
    private final UniqueMessageIds ids;
    private final ReceiptCommands receipts;
    private final PopReceiver receiver;
    private final QueueEnds queueEnds;
    private final QueueReader queueReader;
    private final TopicCreation topics;

    public CommandMessaging(ProcessorTable processors, PublicationChecks checks, Clock clock) {
        this.broker = new CommandDispatcher(processors);
        this.checks = checks;
        this.clock = clock;
        this.ids = new UniqueMessageIds(clock);
        this.receipts = new ReceiptCommands(broker);
        this.receiver = new PopReceiver(broker, receipts, new GroupSettingsCache(broker), clock);
        this.queueEnds = new QueueEnds(broker);
        this.queueReader = new QueueReader(broker);
        this.topics = new TopicCreation(broker);
    }

    @Override
    public CompletableFuture<List<PublishResult>> publish(RequestContext context, String topic,
            List<Publication> messages) {
        String checkedTopic;
        try {
            checkedTopic = ResourceNames.topic(topic);
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
        String bornHost = hostPort(context.connection().remoteAddress());
        List<CompletableFuture<PublishResult>> results = new ArrayList<>(messages.size());
        for (Publication message : messages) {
            results.add(publishOne(context, checkedTopic, message, bornHost));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PublishResult> publishOne(RequestContext context, String topic, Publication message,
            String bornHost) {
        String messageId = message.messageId() != null ? message.messageId() : ids.next();
        long now = clock.millis();
        try {
            checks.check(message, now);
        } catch (MessagingException refused) {
            return CompletableFuture.completedFuture(new PublishResult.Refused(messageId, refused.error()));
        }
        return broker.call(context, SendCommand.of(message, topic, messageId, bornHost, now))
                .thenApply(response -> SendCommand.result(messageId, response));
    }

    @Override
    public CompletableFuture<List<Delivery>> receive(RequestContext context, ReceiveRequest request) {
        PopRequest pop;
        try {
            pop = check(request);
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return receiver.pop(context, pop)
                .thenApply(popped -> popped.stream().map(Deliveries::of).toList());
    }

    @Override
    public CompletableFuture<Void> startAtEnd(RequestContext context, String group, String topic) {
        try {
            return queueEnds.startAtEnd(context, ResourceNames.group(group), ResourceNames.topic(topic));
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> createTopicIfAbsent(RequestContext context, String topic, int queues) {
        try {
            return topics.createIfAbsent(context, ResourceNames.topic(topic), queues);
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<QueueRead> read(RequestContext context, String topic, int queueId, long offset,
            int maxMessages) {
        try {
            return queueReader.read(context, ResourceNames.topic(topic), queueId, offset, maxMessages, MAX_BATCH);
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> ack(RequestContext context, String group, String topic, String receiptHandle) {
        return onReceipt(group, topic, receiptHandle, handle -> receipts.ack(context, group, topic, handle));
    }

    @Override
    public CompletableFuture<String> changeInvisibleTime(RequestContext context, String group, String topic,
            String receiptHandle, Duration invisibleTime) {
        if (invisibleTime.compareTo(MIN_INVISIBLE_TIME) < 0 || invisibleTime.compareTo(MAX_INVISIBLE_TIME) > 0) {
            return CompletableFuture.failedFuture(new MessagingException(ErrorCode.ILLEGAL_INVISIBLE_TIME,
                    "invisible time " + invisibleTime.toMillis() + " ms is outside [" + MIN_INVISIBLE_TIME.toMillis()
                            + ", " + MAX_INVISIBLE_TIME.toMillis() + "] ms"));
        }
        return onReceipt(group, topic, receiptHandle, handle -> receipts
                .changeInvisibleTime(context, group, topic, handle, invisibleTime.toMillis())
                .thenApply(ReceiptHandle::encode));
    }

    @Override
    public CompletableFuture<Void> nack(RequestContext context, String group, String topic, String receiptHandle) {
        return onReceipt(group, topic, receiptHandle, handle -> receipts
                .changeInvisibleTime(context, group, topic, handle, NACK_DELAY.toMillis())
                .thenApply(renewed -> null));
    }

    private static <T> CompletableFuture<T> onReceipt(String group, String topic, String receiptHandle,
            java.util.function.Function<ReceiptHandle, CompletableFuture<T>> operation) {
        try {
            ResourceNames.group(group);
            ResourceNames.topic(topic);
            return operation.apply(ReceiptHandle.decode(receiptHandle));
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static PopRequest check(ReceiveRequest request) {
        String group = ResourceNames.group(request.group());
        String topic = ResourceNames.topic(request.topic());
        if (request.maxMessages() < 1 || request.maxMessages() > MAX_BATCH) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    "at most " + request.maxMessages() + " messages: must be within 1.." + MAX_BATCH);
        }
        Duration invisible = request.invisibleTime();
        if (invisible == null || invisible.compareTo(MIN_INVISIBLE_TIME) < 0
                || invisible.compareTo(MAX_INVISIBLE_TIME) > 0) {
            throw new MessagingException(ErrorCode.ILLEGAL_INVISIBLE_TIME, "invisible time "
                    + (invisible == null ? "(none)" : invisible.toMillis() + " ms") + " is outside ["
                    + MIN_INVISIBLE_TIME.toMillis() + ", " + MAX_INVISIBLE_TIME.toMillis() + "] ms");
        }
        Duration wait = request.pollTime() == null ? Duration.ZERO : request.pollTime();
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new MessagingException(ErrorCode.ILLEGAL_POLLING_TIME,
                    "poll time " + wait.toMillis() + " ms is outside [0, " + MAX_WAIT.toMillis() + "] ms");
        }
        return new PopRequest(group, topic, ReceiptCommands.UNNAMED_BROKER, Filter.tags(request.tagExpression()),
                request.maxMessages(), invisible.toMillis(), wait.toMillis(), null);
    }

    private static String hostPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
