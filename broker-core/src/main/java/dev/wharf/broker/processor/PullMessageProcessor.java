package dev.wharf.broker.processor;

import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.client.SubscriptionData;
import dev.wharf.broker.filter.TagFilter;
import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.broker.stats.BrokerStats;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361): reads up to {@code maxMsgNums} stored records of one queue
 * that the subscription's tags take, and answers with them byte for byte. A pull that finds nothing new and
 * may be suspended is parked in the {@link PullRequestHoldService} until a message arrives or it times out.
 */
public final class PullMessageProcessor implements RequestProcessor {

    /** The most records one answer carries, as RocketMQ's in-memory transfer limit. */
    static final int MAX_BATCH = 32;

    private final MessageStore store;
    private final QueueAccess access;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetManager offsets;
    private final PullRequestHoldService holds;
    private final BrokerStats stats;

    public PullMessageProcessor(MessageStore store, QueueAccess access, ConsumerRegistry consumers,
            ConsumerOffsetManager offsets, PullRequestHoldService holds, BrokerStats stats) {
        this.store = store;
        this.access = access;
        this.consumers = consumers;
        this.offsets = offsets;
        this.holds = holds;
        this.stats = stats;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return pull(request, true);
    }

    private CompletableFuture<RemotingCommand> pull(RemotingCommand request, boolean firstRun) {
        PullRequestHeader header = PullRequestHeader.read(request);
        TopicConfig topic = access.readableQueue(header.topic(), header.queueId());
        SubscriptionGroupConfig group = access.group(header.consumerGroup());
        if (!group.consumeEnable()) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION,
                    "the consumer group " + group.groupName() + " may not consume");
        }
        MessageFilter filter = filter(header);
        if (firstRun && header.hasCommitOffset() && header.commitOffset() >= 0) {
            offsets.commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        }
        int batch = Math.max(1, Math.min(header.maxMsgNums(), MAX_BATCH));
        GetResult got = store.get(topic.topicName(), header.queueId(), header.queueOffset(), batch, filter);
        int code = statusCode(got, header.queueOffset());
        if (code == ResponseCode.PULL_NOT_FOUND && firstRun && header.mayBeHeld()) {
            return holds.hold(request, header.topic(), header.queueId(), header.queueOffset(), filter,
                    header.suspendTimeoutMillis(), () -> pull(request, false));
        }
        stats.messagesGot(got.messageCount());
        return Replies.completed(RemotingCommand.responseTo(request, code)
                .extField("suggestWhichBrokerId", 0L)
                .extField("nextBeginOffset", got.nextBeginOffset())
                .extField("minOffset", got.minOffset())
                .extField("maxOffset", got.maxOffset())
                .body(code == ResponseCode.SUCCESS ? got.records() : null)
                .build());
    }

    /** The store's read status as the pull codes clients map to FOUND, NO_NEW_MSG, NO_MATCHED_MSG, OFFSET_ILLEGAL. */
    static int statusCode(GetResult got, long requestedOffset) {
        return switch (got.status()) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case NO_MESSAGE_IN_QUEUE -> requestedOffset != 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
            case OFFSET_OVERFLOW_ONE -> ResponseCode.PULL_NOT_FOUND;
            case OFFSET_OVERFLOW_BADLY, OFFSET_TOO_SMALL -> ResponseCode.PULL_OFFSET_MOVED;
        };
    }

    /** The request's own subscription, else the one the group's heartbeats registered. */
    private MessageFilter filter(PullRequestHeader header) {
        if (header.hasSubscription()) {
            return TagFilter.parse(header.expressionType(), header.subscription());
        }
        if (!consumers.isOnline(header.consumerGroup())) {
            throw new RemotingCommandException(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                    "the consumer's group info not exist: " + header.consumerGroup() + " has sent no heartbeat");
        }
        SubscriptionData subscription = consumers.subscription(header.consumerGroup(), header.topic())
                .orElseThrow(() -> new RemotingCommandException(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist: " + header.consumerGroup() + " does not subscribe "
                                + header.topic()));
        if (subscription.subVersion() < header.subVersion()) {
            throw new RemotingCommandException(ResponseCode.SUBSCRIPTION_NOT_LATEST,
                    "the consumer's subscription not latest: registered version " + subscription.subVersion()
                            + " is older than " + header.subVersion());
        }
        return TagFilter.parse(subscription.expressionType(), subscription.subString());
    }
}
