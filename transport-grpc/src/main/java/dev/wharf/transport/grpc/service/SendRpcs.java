package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.RecallMessageRequest;
import apache.rocketmq.v2.RecallMessageResponse;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.SendResultEntry;
import apache.rocketmq.v2.Status;
import dev.wharf.message.MessageIds;
import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.PublicationChecks;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.messaging.SendCommand;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.Publications;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.Publication;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendMessage and RecallMessage. Each message of a request is checked and sent on its own as
 * SEND_MESSAGE, so each gets its own result; the response's status is their common one, or
 * MULTIPLE_RESULTS when they differ. A transactional half's offsets are remembered for its EndTransaction.
 */
final class SendRpcs {

    private static final Logger log = LoggerFactory.getLogger(SendRpcs.class);

    private final CommandDispatcher broker;
    private final Clock clock;
    private final PublicationChecks checks;
    private final PendingTransactions transactions;

    SendRpcs(ServiceContext context, PendingTransactions transactions) {
        this.broker = context.broker();
        this.clock = context.clock();
        this.checks = new PublicationChecks(context.options().maxBodySize(), context.options().maxDeliveryDelay());
        this.transactions = transactions;
    }

    CompletableFuture<SendMessageResponse> sendMessage(CallScope scope, SendMessageRequest request) {
        if (request.getMessagesCount() == 0) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "the request carries no message to send");
        }
        String topic = ResourceNames.topic(request.getMessages(0).getTopic().getName());
        List<CompletableFuture<SendResultEntry>> results = request.getMessagesList().stream()
                .map(message -> send(scope, topic, message))
                .toList();
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<SendResultEntry> entries = results.stream().map(CompletableFuture::join).toList();
            return SendMessageResponse.newBuilder().setStatus(overall(entries)).addAllEntries(entries).build();
        });
    }

    CompletableFuture<RecallMessageResponse> recallMessage(CallScope scope, RecallMessageRequest request) {
        String topic = ResourceNames.topic(request.getTopic().getName());
        if (request.getRecallHandle().isBlank()) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "the recall handle is blank");
        }
        RemotingCommand recall = RemotingCommand.request(RequestCode.RECALL_MESSAGE)
                .extField("producerGroup", topic)
                .extField("topic", topic)
                .extField("recallHandle", request.getRecallHandle())
                .build();
        return broker.call(scope.requestContext(), recall).thenApply(response -> {
            if (response.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
                throw new GrpcStatusException(Code.NOT_IMPLEMENTED,
                        "the broker cannot recall messages: it does not serve RECALL_MESSAGE (370)");
            }
            RecallMessageResponse.Builder answer = RecallMessageResponse.newBuilder()
                    .setStatus(GrpcCodes.statusOf(response));
            String messageId = response.extField("msgId");
            if (messageId != null) {
                answer.setMessageId(messageId);
            }
            return answer.build();
        });
    }

    /** One message's result; a message that fails its checks is refused alone. */
    private CompletableFuture<SendResultEntry> send(CallScope scope, String topic, Message message) {
        String messageId = message.getSystemProperties().getMessageId();
        RemotingCommand command;
        try {
            if (!message.getTopic().getName().equals(topic)) {
                throw new GrpcStatusException(Code.BAD_REQUEST, "the messages of one request must share a topic: "
                        + message.getTopic().getName() + " is not " + topic);
            }
            long now = clock.millis();
            Publication publication = Publications.of(message);
            checks.check(publication, now);
            command = SendCommand.of(publication, topic, messageId, scope.metadata().remoteHostPort(), now);
        } catch (GrpcStatusException | MessagingException refused) {
            return CompletableFuture.completedFuture(refusedEntry(messageId, Calls.statusOf(refused)));
        }
        boolean transactional = message.getSystemProperties().getMessageType() == MessageType.TRANSACTION;
        return broker.call(scope.requestContext(), command).handle((response, failure) -> {
            if (failure != null) {
                return refusedEntry(messageId, Calls.statusOf(failure));
            }
            SendResultEntry entry = Publications.entry(SendCommand.result(messageId, response));
            if (transactional && entry.getStatus().getCode() == Code.OK) {
                rememberHalf(topic, entry, response);
            }
            return entry;
        });
    }

    /**
     * Where the half message is, from the send answer: its queue offset, its offset message id and, from a
     * Cluster-mode gateway, its broker.
     */
    private void rememberHalf(String topic, SendResultEntry entry, RemotingCommand response) {
        try {
            long commitLogOffset = MessageIds.decode(response.extField("msgId")).commitLogOffset();
            transactions.remember(topic, entry.getTransactionId(),
                    new PendingTransactions.HalfMessage(entry.getOffset(), commitLogOffset, response.extField("bname")));
        } catch (IllegalArgumentException unreadable) {
            // EndTransaction will not find it; the broker's check-back still settles the transaction.
            log.warn("the half message {} of topic {} has an unreadable offset message id: {}",
                    entry.getMessageId(), topic, unreadable.getMessage());
        }
    }

    private static SendResultEntry refusedEntry(String messageId, Status status) {
        return SendResultEntry.newBuilder().setStatus(status).setMessageId(messageId).build();
    }

    /** The entries' common status, or MULTIPLE_RESULTS when they differ. */
    private static Status overall(List<SendResultEntry> entries) {
        Code first = entries.get(0).getStatus().getCode();
        boolean same = entries.stream().allMatch(entry -> entry.getStatus().getCode() == first);
        if (!same) {
            return GrpcCodes.status(Code.MULTIPLE_RESULTS, "the messages had different results; see each entry");
        }
        return first == Code.OK ? GrpcCodes.ok() : entries.get(0).getStatus();
    }
}
