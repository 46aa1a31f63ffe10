package dev.wharf.broker;

import dev.wharf.message.MessageIds;
import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Transactional requests as the official Remoting client builds them. */
final class TransactionRequests {

    static final int PREPARED = 0x4;
    static final int UNKNOWN = 0;
    static final int COMMIT = 0x8;
    static final int ROLLBACK = 0xC;

    private TransactionRequests() {}

    /** A half message: PREPARED sys flag, {@code TRAN_MSG=true}, {@code PGROUP}. */
    static RemotingCommand sendHalf(String topic, String group, String body) {
        Map<String, String> properties = Requests.properties("TagA", "UNIQ-" + body);
        properties.put(MessageProperties.TRANSACTION_PREPARED, "true");
        properties.put(MessageProperties.PRODUCER_GROUP, group);
        return Requests.sendV2(topic, 0, body.getBytes(StandardCharsets.UTF_8), properties).toBuilder()
                .extField("a", group)
                .extField("f", PREPARED)
                .build();
    }

    /** END_TRANSACTION for the half a send answer describes. */
    static RemotingCommand end(RemotingCommand sendAnswer, String group, int commitOrRollback) {
        return end(group, Long.parseLong(sendAnswer.extField("queueOffset")),
                MessageIds.decode(sendAnswer.extField("msgId")).commitLogOffset(), commitOrRollback, false,
                sendAnswer.extField("transactionId"));
    }

    static RemotingCommand end(String group, long tranStateTableOffset, long commitLogOffset, int commitOrRollback,
            boolean fromCheck, String msgId) {
        return RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extField("producerGroup", group)
                .extField("tranStateTableOffset", tranStateTableOffset)
                .extField("commitLogOffset", commitLogOffset)
                .extField("commitOrRollback", commitOrRollback)
                .extField("fromTransactionCheck", fromCheck)
                .extField("msgId", msgId)
                .extField("transactionId", msgId)
                .build();
    }

    /** The answer a transactional producer gives to a check-back: offsets copied from the check's header. */
    static RemotingCommand answerCheck(RemotingCommand check, String group, int commitOrRollback) {
        return end(group, Long.parseLong(check.extField("tranStateTableOffset")),
                Long.parseLong(check.extField("commitLogOffset")), commitOrRollback, true, check.extField("msgId"));
    }

    /** A heartbeat of a client that is only a producer of the given groups. */
    static RemotingCommand producerHeartbeat(String clientId, List<String> groups) {
        String producers = String.join(",", groups.stream().map(g -> "{\"groupName\":\"" + g + "\"}").toList());
        String body = "{\"clientID\":\"" + clientId + "\",\"consumerDataSet\":[],\"producerDataSet\":[" + producers + "]}";
        return Requests.heartbeat(body);
    }

    static RemotingCommand unregisterProducer(String clientId, String group) {
        return Requests.unregister(clientId, "producerGroup", group);
    }
}
