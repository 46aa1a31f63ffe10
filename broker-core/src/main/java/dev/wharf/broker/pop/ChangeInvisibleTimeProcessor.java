package dev.wharf.broker.pop;

import dev.wharf.broker.processor.QueueAccess;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * CHANGE_MESSAGE_INVISIBLETIME (200053): keeps a popped message invisible for {@code invisibleTime} from
 * now. For a normal pop a new single-message checkpoint is written, then the old one acked, so the old
 * receipt is dead and the client builds the new one from the answer's {@code popTime},
 * {@code invisibleTime} and {@code reviveQid} with the message's own offset as start offset. For a FIFO
 * pop only that message's visibility time in its batch moves.
 */
public final class ChangeInvisibleTimeProcessor implements RequestProcessor {

    private final QueueAccess access;
    private final AckTarget target;
    private final CheckpointStore checkpoints;
    private final FifoPop fifo;
    private final String brokerName;
    private final Clock clock;

    ChangeInvisibleTimeProcessor(QueueAccess access, AckTarget target, CheckpointStore checkpoints, FifoPop fifo,
            String brokerName, Clock clock) {
        this.access = access;
        this.target = target;
        this.checkpoints = checkpoints;
        this.fifo = fifo;
        this.brokerName = brokerName;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        String group = access.group(header.requiredString("consumerGroup")).groupName();
        ExtraInfo receipt = ExtraInfo.parse(header.requiredString("extraInfo"));
        String realTopic = receipt.realTopic(header.requiredString("topic"), group);
        int queueId = header.requiredInt("queueId");
        long offset = header.requiredLong("offset");
        long invisibleTime = header.requiredLong("invisibleTime");
        if (invisibleTime < 0) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "invisibleTime " + invisibleTime + " must not be negative");
        }
        target.check(realTopic, queueId, offset);
        long now = clock.millis();
        if (receipt.isOrderly()) {
            fifo.changeInvisibleTime(realTopic, group, queueId, offset, now + invisibleTime);
            return CompletableFuture.completedFuture(answer(request, now, invisibleTime, ExtraInfo.ORDERLY_REVIVE_QID));
        }
        CheckpointKey old = new CheckpointKey(realTopic, group, queueId, receipt.ckStartOffset(), receipt.popTime(),
                brokerName);
        if (!checkpoints.isPending(old, offset)) {
            // Already acknowledged or brought back: a new checkpoint would only deliver it once more.
            return CompletableFuture.completedFuture(answer(request, now, invisibleTime, ReviveLog.REVIVE_QUEUE));
        }
        CheckpointKey renewed = freeKey(realTopic, group, queueId, offset, now);
        return checkpoints.open(renewed, invisibleTime, new long[] {offset})
                .thenCompose(written -> checkpoints.ack(old, offset))
                .thenApply(ignored -> answer(request, renewed.popTime(), invisibleTime, ReviveLog.REVIVE_QUEUE));
    }

    /** A key for the new checkpoint no open one has (two changes of one message within a millisecond). */
    private CheckpointKey freeKey(String topic, String group, int queueId, long offset, long popTime) {
        CheckpointKey key = new CheckpointKey(topic, group, queueId, offset, popTime, brokerName);
        while (checkpoints.isOpen(key)) {
            key = new CheckpointKey(topic, group, queueId, offset, key.popTime() + 1, brokerName);
        }
        return key;
    }

    private static RemotingCommand answer(RemotingCommand request, long popTime, long invisibleTime, int reviveQid) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("popTime", popTime)
                .extField("invisibleTime", invisibleTime)
                .extField("reviveQid", reviveQid)
                .build();
    }
}
