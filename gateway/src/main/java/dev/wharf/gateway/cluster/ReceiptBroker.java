package dev.wharf.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;

/**
 * The broker that popped the message a settlement is about. ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME carry
 * the POP receipt as {@code extraInfo}, {@code ckStartOffset popTime invisibleTime reviveQid retryFlag brokerName
 * queueId queueOffset}; a BATCH_ACK_MESSAGE body names its broker as {@code brokerName}.
 *
 * <pre>{@code
 * ReceiptBroker.of(ack);   // "broker-b" for extraInfo "12 1700000000000 60000 0 0 broker-b 3 14"
 * }</pre>
 */
final class ReceiptBroker {

    /** Position of the broker name among the receipt's space-separated fields. */
    private static final int BROKER_FIELD = 5;
    /** The receipt's fields up to the broker name, and the queue id after it. */
    private static final int MIN_FIELDS = BROKER_FIELD + 2;

    private ReceiptBroker() {}

    /** Whether {@code request} settles a POP receipt, which names the broker that popped the message. */
    static boolean settlesReceipt(RemotingCommand request) {
        int code = request.code();
        return code == RequestCode.ACK_MESSAGE || code == RequestCode.CHANGE_MESSAGE_INVISIBLETIME
                || code == RequestCode.BATCH_ACK_MESSAGE;
    }

    /**
     * The broker named by the receipt of {@code request}; null for a command that settles no receipt.
     *
     * @throws RemotingCommandException INVALID_PARAMETER when the receipt is missing or malformed
     */
    static String of(RemotingCommand request) {
        if (!settlesReceipt(request)) {
            return null;
        }
        return request.code() == RequestCode.BATCH_ACK_MESSAGE ? fromBatchBody(request) : fromExtraInfo(request);
    }

    private static String fromExtraInfo(RemotingCommand request) {
        String extraInfo = request.extField("extraInfo");
        String[] fields = extraInfo == null ? new String[0] : extraInfo.trim().split(" ");
        if (fields.length < MIN_FIELDS || fields[BROKER_FIELD].isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, RequestCode.nameOf(request.code())
                    + " needs a receipt (header field extraInfo) naming the broker as its sixth field, got '"
                    + extraInfo + "'");
        }
        return fields[BROKER_FIELD];
    }

    private static String fromBatchBody(RemotingCommand request) {
        JsonNode body;
        try {
            body = RouteJson.read(request.body(), "the BATCH_ACK_MESSAGE body");
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        String brokerName = body.path("brokerName").asText("");
        if (brokerName.isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "the BATCH_ACK_MESSAGE body names no broker (field brokerName)");
        }
        return brokerName;
    }
}
