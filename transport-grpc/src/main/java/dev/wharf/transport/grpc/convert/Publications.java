package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.SendResultEntry;
import apache.rocketmq.v2.SystemProperties;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;

/**
 * A gRPC message as the shared {@link Publication} every protocol publishes, and a publish result as the
 * SDK's send result entry.
 */
public final class Publications {

    private Publications() {}

    /** The message's fields: its id, born time and queue are the SDK's; GZIP bodies stay compressed. */
    public static Publication of(Message message) {
        SystemProperties system = message.getSystemProperties();
        Publication.Builder publication = Publication.builder(message.getBody().toByteArray())
                .keys(system.getKeysList())
                .properties(message.getUserPropertiesMap())
                .messageId(system.getMessageId())
                .queueId(system.getQueueId())
                .compressed(system.getBodyEncoding() == Encoding.GZIP);
        if (system.hasTag()) {
            publication.tag(system.getTag());
        }
        if (system.hasMessageGroup()) {
            publication.messageGroup(system.getMessageGroup());
        }
        if (system.hasDeliveryTimestamp()) {
            publication.deliverAtMillis(ProtoTimes.millis(system.getDeliveryTimestamp()));
        }
        if (system.hasBornTimestamp()) {
            publication.bornTimestamp(ProtoTimes.millis(system.getBornTimestamp()));
        }
        if (system.getMessageType() == MessageType.TRANSACTION) {
            publication.transaction(new Publication.Transaction(system.hasOrphanedTransactionRecoveryDuration()
                    ? ProtoTimes.millis(system.getOrphanedTransactionRecoveryDuration()) / 1000
                    : null));
        }
        if (system.hasTraceContext()) {
            publication.traceContext(system.getTraceContext());
        }
        return publication.build();
    }

    /** The SDK's view of a result: the message id always; offset, transaction id and recall handle when stored. */
    public static SendResultEntry entry(PublishResult result) {
        SendResultEntry.Builder entry = SendResultEntry.newBuilder().setMessageId(result.messageId());
        if (result instanceof PublishResult.Refused refused) {
            return entry.setStatus(GrpcCodes.status(refused.error())).build();
        }
        PublishResult.Published stored = (PublishResult.Published) result;
        entry.setStatus(GrpcCodes.ok()).setTransactionId(stored.transactionId());
        if (stored.queueOffset() >= 0) {
            entry.setOffset(stored.queueOffset());
        }
        if (stored.recallHandle() != null) {
            entry.setRecallHandle(stored.recallHandle());
        }
        return entry.build();
    }
}
