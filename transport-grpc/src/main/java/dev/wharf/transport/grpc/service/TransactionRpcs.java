package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.EndTransactionResponse;
import apache.rocketmq.v2.TransactionSource;
import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/**
 * EndTransaction as END_TRANSACTION (37): the half message is found by topic and transaction id among
 * those remembered from sends and check-backs, and resolved on behalf of the producer group named after
 * the topic. Unlike Apache RocketMQ's proxy, which sends it oneway and always answers OK, the broker's
 * answer is awaited, so a refused resolution reaches the client.
 */
final class TransactionRpcs {

    /** RocketMQ's {@code MessageSysFlag} transaction types, as END_TRANSACTION's commitOrRollback. */
    private static final int COMMIT = 0x8;
    private static final int ROLLBACK = 0xC;

    private final CommandDispatcher broker;
    private final PendingTransactions transactions;

    TransactionRpcs(ServiceContext context, PendingTransactions transactions) {
        this.broker = context.broker();
        this.transactions = transactions;
    }

    CompletableFuture<EndTransactionResponse> endTransaction(CallScope scope, EndTransactionRequest request) {
        String topic = ResourceNames.topic(request.getTopic().getName());
        String transactionId = request.getTransactionId();
        if (transactionId.isBlank()) {
            throw new GrpcStatusException(Code.INVALID_TRANSACTION_ID, "the transaction id is blank");
        }
        int commitOrRollback = switch (request.getResolution()) {
            case COMMIT -> COMMIT;
            case ROLLBACK -> ROLLBACK;
            default -> throw new GrpcStatusException(Code.BAD_REQUEST,
                    "the resolution must be COMMIT or ROLLBACK, got " + request.getResolution());
        };
        PendingTransactions.HalfMessage half = transactions.find(topic, transactionId).orElseThrow(() ->
                new GrpcStatusException(Code.INVALID_TRANSACTION_ID, "no open transaction " + transactionId
                        + " of topic " + topic + " is known here: it was resolved already, or its half message was "
                        + "sent through another gateway or too long ago; the broker's check-back will ask again"));
        RemotingCommand end = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extField("topic", topic)
                .extField("producerGroup", topic)
                .extField("tranStateTableOffset", half.queueOffset())
                .extField("commitLogOffset", half.commitLogOffset())
                .extField("commitOrRollback", commitOrRollback)
                .extField("fromTransactionCheck", request.getSource() == TransactionSource.SOURCE_SERVER_CHECK)
                .extField("msgId", request.getMessageId())
                .extField("transactionId", transactionId)
                .extField("bname", half.brokerName())
                .build();
        return broker.call(scope.requestContext(), end).thenApply(response -> {
            // A oneway-minded broker may answer nothing: the resolution was handed over.
            if (response == null || response.code() == ResponseCode.SUCCESS) {
                transactions.forget(topic, transactionId);
                return EndTransactionResponse.newBuilder().setStatus(GrpcCodes.ok()).build();
            }
            return EndTransactionResponse.newBuilder().setStatus(GrpcCodes.statusOf(response)).build();
        });
    }
}
