package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.AckMessageEntry;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.AckMessageResultEntry;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse;
import apache.rocketmq.v2.Status;
import dev.wharf.messaging.ReceiptCommands;
import dev.wharf.messaging.ReceiptHandle;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * AckMessage, ChangeInvisibleDuration and ForwardMessageToDeadLetterQueue: what a consumer does with a
 * delivered message, through its receipt handle. An auto-renewed message is first released from the
 * {@link ReceiptRenewer}, and the newest handle it holds is the one the broker is sent.
 */
final class AckRpcs {

    private final ServiceContext context;
    private final ReceiptCommands receipts;
    private final ReceiptRenewer renewer;

    AckRpcs(ServiceContext context, ReceiptCommands receipts, ReceiptRenewer renewer) {
        this.context = context;
        this.receipts = receipts;
        this.renewer = renewer;
    }

    /** Acks every entry on its own; the answer holds one status per entry and their common one on top. */
    CompletableFuture<AckMessageResponse> ackMessage(CallScope scope, AckMessageRequest request) {
        String group = ResourceNames.group(request.getGroup().getName());
        String topic = ResourceNames.topic(request.getTopic().getName());
        if (request.getEntriesCount() == 0) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "the ack request holds no entries");
        }
        List<CompletableFuture<AckMessageResultEntry>> results = request.getEntriesList().stream()
                .map(entry -> ackOne(scope, group, topic, entry))
                .toList();
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(all -> {
            List<AckMessageResultEntry> entries = results.stream().map(CompletableFuture::join).toList();
            return AckMessageResponse.newBuilder()
                    .setStatus(common(entries))
                    .addAllEntries(entries)
                    .build();
        });
    }

    /** Makes the message invisible for the asked duration from now; the answer carries its new handle. */
    CompletableFuture<ChangeInvisibleDurationResponse> changeInvisibleDuration(
            CallScope scope, ChangeInvisibleDurationRequest request) {
        String group = ResourceNames.group(request.getGroup().getName());
        String topic = ResourceNames.topic(request.getTopic().getName());
        long invisible = ProtoTimes.millis(request.getInvisibleDuration());
        if (invisible < 0 || invisible > ReceiveRpcs.MAX_INVISIBLE_MILLIS) {
            throw new GrpcStatusException(Code.ILLEGAL_INVISIBLE_TIME, "invisible duration " + invisible
                    + " ms is outside [0, " + ReceiveRpcs.MAX_INVISIBLE_MILLIS + "] ms");
        }
        return unexpired(newest(group, request.getReceiptHandle()))
                .thenCompose(handle -> receipts.changeInvisibleTime(scope.requestContext(), group, topic, handle, invisible))
                .thenApply(renewed -> ChangeInvisibleDurationResponse.newBuilder()
                        .setStatus(GrpcCodes.ok())
                        .setReceiptHandle(renewed.encode())
                        .build());
    }

    /** Moves the message to the group's dead-letter queue and acknowledges it. */
    CompletableFuture<ForwardMessageToDeadLetterQueueResponse> forwardMessageToDeadLetterQueue(
            CallScope scope, ForwardMessageToDeadLetterQueueRequest request) {
        String group = ResourceNames.group(request.getGroup().getName());
        String topic = ResourceNames.topic(request.getTopic().getName());
        return newest(group, request.getReceiptHandle())
                .thenCompose(handle -> receipts.forwardToDeadLetterQueue(scope.requestContext(), group, topic, handle,
                        request.getMessageId()))
                .thenApply(done -> ForwardMessageToDeadLetterQueueResponse.newBuilder()
                        .setStatus(GrpcCodes.ok())
                        .build());
    }

    private CompletableFuture<AckMessageResultEntry> ackOne(CallScope scope, String group, String topic,
            AckMessageEntry entry) {
        CompletableFuture<Void> acked;
        try {
            acked = unexpired(newest(group, entry.getReceiptHandle()))
                    .thenCompose(handle -> receipts.ack(scope.requestContext(), group, topic, handle));
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        return acked.handle((done, failure) -> AckMessageResultEntry.newBuilder()
                .setMessageId(entry.getMessageId())
                .setReceiptHandle(entry.getReceiptHandle())
                .setStatus(failure == null ? GrpcCodes.ok() : Calls.statusOf(failure))
                .build());
    }

    /**
     * The handle to act on for the one a client sent: the newest one of an auto-renewed message, whose
     * renewal stops here, else the client's own.
     *
     * @throws GrpcStatusException INVALID_RECEIPT_HANDLE for a malformed handle
     */
    private CompletableFuture<ReceiptHandle> newest(String group, String text) {
        ReceiptHandle sent = ReceiptHandle.decode(text);
        return renewer.release(group, text).orElseGet(() -> CompletableFuture.completedFuture(sent));
    }

    /** Refuses a handle whose message is visible again: it may be someone else's delivery by now. */
    private CompletableFuture<ReceiptHandle> unexpired(CompletableFuture<ReceiptHandle> handle) {
        return handle.thenApply(current -> {
            if (current.isExpired(context.clock().millis())) {
                throw new GrpcStatusException(Code.INVALID_RECEIPT_HANDLE, "receipt handle is expired");
            }
            return current;
        });
    }

    /** OK when every entry is; the one code they share otherwise; else MULTIPLE_RESULTS. */
    private static Status common(List<AckMessageResultEntry> entries) {
        Status first = entries.get(0).getStatus();
        boolean same = entries.stream().allMatch(entry -> entry.getStatus().getCode() == first.getCode());
        if (same) {
            return first;
        }
        return GrpcCodes.status(Code.MULTIPLE_RESULTS, "the entries were acknowledged with different results");
    }
}
