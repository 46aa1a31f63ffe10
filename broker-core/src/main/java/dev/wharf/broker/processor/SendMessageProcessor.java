package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.lock.QueueLockManager;
import dev.wharf.broker.message.BatchMessageDecoder;
import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.timer.DeliveryTime;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.broker.transaction.HalfMessages;
import dev.wharf.broker.transaction.TransactionService;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.TagsCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320): validates, resolves the topic
 * (auto-creating it when allowed), routes retry sends past their limit to the dead-letter queue, hands
 * transactional half messages to the {@link TransactionService} (and refuses them in batches), appends,
 * and answers with the offset message id, queue and queue offset plus the {@code MSG_REGION} and
 * {@code TRACE_ON} fields the client reads unconditionally.
 *
 * <p>This is the benchmarked path: a known topic costs one map lookup, no regular expression, and the
 * properties are decoded once.
 */
public final class SendMessageProcessor implements RequestProcessor {

    private static final String REGION = "DefaultRegion";

    private final BrokerConfig config;
    private final TopicRegistry topics;
    private final QueueAccess access;
    private final QueueLockManager locks;
    private final MessageWriter writer;
    private final TransactionService transactions;

    public SendMessageProcessor(BrokerConfig config, TopicRegistry topics, QueueAccess access,
            QueueLockManager locks, MessageWriter writer, TransactionService transactions) {
        this.config = config;
        this.topics = topics;
        this.access = access;
        this.locks = locks;
        this.writer = writer;
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        SendRequestHeader header = SendRequestHeader.read(request);
        TopicConfig topic = writableTopic(header);
        int chosenQueueId = queueId(header, topic);
        byte[] body = request.body();
        checkBodySize(body.length, "message body");
        Map<String, String> properties = MessageProperties.decode(header.properties());
        checkMessageType(topic, properties, header.sysFlag());
        int queueId = fifoQueueId(topic, properties, chosenQueueId);
        InetSocketAddress bornHost = Addresses.bornHost(context.connection());
        return header.batch()
                ? sendBatch(request, header, topic, queueId, properties, bornHost)
                : sendOne(request, header, topic, queueId, properties, bornHost);
    }

    private CompletableFuture<RemotingCommand> sendOne(RemotingCommand request, SendRequestHeader header,
            TopicConfig topic, int queueId, Map<String, String> properties, InetSocketAddress bornHost) {
        MessageRecord message = new MessageRecord(topic.topicName(), queueId, header.flag(), request.body(),
                properties, header.sysFlag(), header.bornTimestamp(), bornHost, header.reconsumeTimes(), 0,
                TagsCode.of(properties));
        if (TopicNames.isRetryTopic(topic.topicName()) && exhausted(header, topic.topicName())) {
            message = writer.toDeadLetterQueue(message, TopicNames.groupOfRetryTopic(topic.topicName()));
        }
        String transactionId = properties.get(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        CompletableFuture<PutResult> put = HalfMessages.isHalf(header.sysFlag(), properties)
                ? transactions.prepare(message)
                : writer.write(message);
        return put.thenApply(stored -> answer(request, stored, queueId, transactionId));
    }

    private CompletableFuture<RemotingCommand> sendBatch(RemotingCommand request, SendRequestHeader header,
            TopicConfig topic, int queueId, Map<String, String> batchProperties, InetSocketAddress bornHost) {
        if (TopicNames.isRetryTopic(topic.topicName())) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                    "a batch cannot be sent to the retry topic " + topic.topicName());
        }
        List<MessageRecord> messages = new ArrayList<>();
        for (BatchMessageDecoder.Entry entry : BatchMessageDecoder.decode(request.body())) {
            String which = "message " + messages.size() + " of the batch";
            checkBodySize(entry.body().length, which + "'s body");
            // Each message's own properties win; the batch's (header) properties fill in the rest.
            Map<String, String> properties = new LinkedHashMap<>(entry.properties());
            batchProperties.forEach(properties::putIfAbsent);
            if (HalfMessages.isHalf(header.sysFlag(), properties)) {
                throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                        which + " is a transactional (half) message; transactional messages cannot be batched");
            }
            checkMessageType(topic, properties, header.sysFlag());
            MessageRecord message = new MessageRecord(topic.topicName(), queueId, entry.flag(), entry.body(),
                    properties, header.sysFlag(), header.bornTimestamp(), bornHost, 0, 0, TagsCode.of(properties));
            if (MessageWriter.delayLevel(message) > 0) {
                throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                        which + " has a DELAY level; delayed messages cannot be batched");
            }
            if (DeliveryTime.requested(properties)) {
                throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                        which + " has a delivery time; timer messages cannot be batched");
            }
            messages.add(message);
        }
        String transactionId = batchProperties.get(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return writer.writeBatch(messages).thenApply(put -> answer(request, put, queueId, transactionId));
    }

    private static RemotingCommand answer(RemotingCommand request, PutResult put, int queueId, String transactionId) {
        List<String> ids = put.offsetMessageIds();
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("msgId", ids.size() == 1 ? ids.get(0) : String.join(",", ids))
                .extField("queueId", queueId)
                .extField("queueOffset", put.queueOffset())
                .extField("transactionId", transactionId)
                .extField(MessageProperties.MSG_REGION, REGION)
                .extField(MessageProperties.TRACE_SWITCH, "true")
                .build();
    }

    private TopicConfig writableTopic(SendRequestHeader header) {
        String name = header.topic();
        if (TopicNames.isSystemTopic(name)) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION,
                    "sending to the broker's own topic " + name + " is forbidden");
        }
        TopicConfig topic = topics.get(name).orElseGet(() -> createOnSend(header));
        if (!topic.isWritable()) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION,
                    "the topic " + name + " is not writable (perm " + topic.perm() + ")");
        }
        return topic;
    }

    private TopicConfig createOnSend(SendRequestHeader header) {
        String name = header.topic();
        TopicNames.topicProblem(name).ifPresent(problem -> {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, problem);
        });
        if (TopicNames.isRetryTopic(name)) {
            SubscriptionGroupConfig group = access.group(TopicNames.groupOfRetryTopic(name));
            return topics.ensure(name, group.retryQueueNums(), TopicMessageType.NORMAL);
        }
        if (!config.autoCreateTopics()) {
            throw new RemotingCommandException(ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + name + "] not exist, apply first please!");
        }
        int queues = Math.min(Math.max(1, header.defaultQueueNums()), config.defaultQueueNums());
        return topics.ensure(name, queues, TopicMessageType.NORMAL);
    }

    private static int queueId(SendRequestHeader header, TopicConfig topic) {
        int queueId = header.queueId();
        if (queueId < 0) {
            return ThreadLocalRandom.current().nextInt(topic.writeQueueNums());
        }
        if (queueId >= topic.queueIdLimit()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "queueId " + queueId
                    + " is out of range for topic " + topic.topicName() + " (0.." + (topic.queueIdLimit() - 1) + ")");
        }
        return queueId;
    }

    private void checkBodySize(int length, String what) {
        if (length == 0) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, "the " + what + " is empty");
        }
        if (length > config.maxMessageBytes()) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, "the " + what + " is " + length
                    + " bytes, more than the limit of " + config.maxMessageBytes());
        }
    }

    /**
     * Refuses a message whose type the topic does not take, naming both. Retry and dead-letter topics take
     * whatever their consumers failed on.
     */
    private void checkMessageType(TopicConfig topic, Map<String, String> properties, int sysFlag) {
        if (!config.topicMessageTypeCheck() || TopicNames.isRetryTopic(topic.topicName())
                || TopicNames.isDlqTopic(topic.topicName())) {
            return;
        }
        TopicMessageType actual = TopicMessageType.ofMessage(properties, sysFlag);
        if (!topic.messageType().accepts(actual)) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, "TopicMessageType validate failed, the "
                    + "expected type is " + topic.messageType() + ", but actual type is " + actual + " (topic "
                    + topic.topicName() + ")");
        }
    }

    /**
     * The queue of a message with a message group on a FIFO topic: a hash of the group over the writable
     * queues, so one group always lands in one queue whichever queue the client picked.
     */
    static int fifoQueueId(TopicConfig topic, Map<String, String> properties, int chosen) {
        String messageGroup = properties.get(MessageProperties.SHARDING_KEY);
        if (topic.messageType() != TopicMessageType.FIFO || messageGroup == null) {
            return chosen;
        }
        return Math.floorMod(messageGroup.hashCode(), topic.writeQueueNums());
    }

    /**
     * Whether a direct send to a retry topic goes to the dead-letter queue instead: past the consumer's
     * (or else the group's) limit, or while the group holds live orderly locks.
     */
    private boolean exhausted(SendRequestHeader header, String retryTopic) {
        String group = TopicNames.groupOfRetryTopic(retryTopic);
        int max = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes() : access.group(group).retryMaxTimes();
        return header.reconsumeTimes() > max || locks.hasLiveLock(group);
    }
}
