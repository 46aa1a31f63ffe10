package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.PrintThreadStackTraceCommand;
import apache.rocketmq.v2.RecoverOrphanedTransactionCommand;
import apache.rocketmq.v2.Status;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.VerifyMessageCommand;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.grpc.convert.MessageViews;
import dev.wharf.transport.grpc.session.TelemetryPush;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What the broker's pushes toward a gRPC client become on its Telemetry stream, and the client's answers
 * as the responses the broker expects:
 * <ul>
 *   <li>CHECK_TRANSACTION_STATE → {@code RecoverOrphanedTransactionCommand}; the half's offsets are
 *       remembered so the client's EndTransaction finds them;</li>
 *   <li>GET_CONSUMER_RUNNING_INFO → {@code PrintThreadStackTraceCommand}, answered by a
 *       {@code ThreadStackTrace} that becomes the running info's {@code jstack};</li>
 *   <li>CONSUME_MESSAGE_DIRECTLY → {@code VerifyMessageCommand}, answered by a {@code VerifyMessageResult}
 *       whose status becomes the consume result;</li>
 *   <li>NOTIFY_CONSUMER_IDS_CHANGED needs no telling: gRPC consumers pop from every queue.</li>
 * </ul>
 */
final class TelemetryTranslator implements TelemetryPush.Translator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PendingTransactions transactions;

    TelemetryTranslator(PendingTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<TelemetryCommand> oneway(RemotingCommand command) {
        return switch (command.code()) {
            case RequestCode.CHECK_TRANSACTION_STATE -> Optional.of(checkTransaction(command));
            case RequestCode.NOTIFY_CONSUMER_IDS_CHANGED -> Optional.empty();
            default -> throw unsupported(command);
        };
    }

    @Override
    public TelemetryCommand request(RemotingCommand request, String nonce) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUMER_RUNNING_INFO -> TelemetryCommand.newBuilder()
                    .setPrintThreadStackTraceCommand(PrintThreadStackTraceCommand.newBuilder().setNonce(nonce))
                    .build();
            case RequestCode.CONSUME_MESSAGE_DIRECTLY -> TelemetryCommand.newBuilder()
                    .setVerifyMessageCommand(VerifyMessageCommand.newBuilder()
                            .setNonce(nonce)
                            .setMessage(message(request)))
                    .build();
            default -> throw unsupported(request);
        };
    }

    @Override
    public RemotingCommand response(RemotingCommand request, TelemetryCommand answer) {
        Status status = answer.getStatus();
        boolean ok = status.getCode() == Code.OK;
        if (request.code() == RequestCode.GET_CONSUMER_RUNNING_INFO) {
            if (!ok || !answer.hasThreadStackTrace()) {
                return RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR,
                        "the gRPC client did not give its thread stack trace: " + describe(status));
            }
            ObjectNode info = JSON.createObjectNode();
            info.putObject("properties");
            info.putArray("subscriptionSet");
            info.putObject("mqTable");
            info.putObject("statusTable");
            info.put("jstack", answer.getThreadStackTrace().getThreadStackTrace());
            return success(request, info);
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("order", false);
        result.put("autoCommit", true);
        result.put("consumeResult", ok ? "CR_SUCCESS" : "CR_THROW_EXCEPTION");
        result.put("remark", ok ? "" : describe(status));
        result.put("spentTimeMills", 0);
        return success(request, result);
    }

    /**
     * The check of one half message; its offsets (those of the copy the broker checks now, which an Apache broker
     * renews on every check) are remembered for the EndTransaction answering it, under the topic that answer names:
     * the message's own, from the body. The header's {@code topic} may be the broker's half-message topic, as an
     * Apache broker's is.
     */
    private TelemetryCommand checkTransaction(RemotingCommand check) {
        HeaderReader header = HeaderReader.of(check);
        String transactionId = header.firstString("transactionId", "msgId");
        if (transactionId == null) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "the check names no transaction");
        }
        Message message = message(check);
        transactions.remember(message.getTopic().getName(), transactionId, new PendingTransactions.HalfMessage(
                header.requiredLong("tranStateTableOffset"), header.requiredLong("commitLogOffset"),
                header.optionalString("bname")));
        return TelemetryCommand.newBuilder()
                .setRecoverOrphanedTransactionCommand(RecoverOrphanedTransactionCommand.newBuilder()
                        .setMessage(message)
                        .setTransactionId(transactionId))
                .build();
    }

    /** The stored message a push carries as its body. */
    private static Message message(RemotingCommand command) {
        try {
            return MessageViews.toMessage(StoredMessageCodec.decode(ByteBuffer.wrap(command.body())));
        } catch (RuntimeException unreadable) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, RequestCode.nameOf(command.code())
                    + " carries no readable message: " + unreadable.getMessage());
        }
    }

    private static RemotingCommand success(RemotingCommand request, ObjectNode body) {
        try {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(JSON.writeValueAsBytes(body)).build();
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static String describe(Status status) {
        return status.getCode() + (status.getMessage().isBlank() ? "" : " " + status.getMessage());
    }

    private static RemotingCommandException unsupported(RemotingCommand command) {
        return new RemotingCommandException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                RequestCode.nameOf(command.code()) + " cannot be pushed to a gRPC client");
    }
}
