package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageQueueAssignment;
import org.apache.rocketmq.common.message.MessageRequestMode;
import org.apache.rocketmq.remoting.protocol.body.BatchAck;
import org.apache.rocketmq.remoting.protocol.body.BatchAckMessageRequestBody;
import org.apache.rocketmq.remoting.protocol.body.QueryAssignmentRequestBody;
import org.apache.rocketmq.remoting.protocol.body.QueryAssignmentResponseBody;
import org.apache.rocketmq.remoting.protocol.body.SetMessageRequestModeRequestBody;
import org.apache.rocketmq.remoting.protocol.header.ExtraInfoUtil;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POP answers read with the official client's own receipt helpers ({@code ExtraInfoUtil} of
 * rocketmq-remoting 5.5.0) and assignment decoders, and the client's own encodings of batch acks and
 * assignment bodies, accepted.
 */
class PopClientCompatTest extends PopTestBase {

    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";

    @BeforeEach
    void createTopic() {
        broker.broker().topics().create(TOPIC, 4, TopicMessageType.NORMAL);
    }

    @Test
    void theClientFindsEveryMessagesReceiptInTheAnswerHeader() {
        broker.call(Requests.sendV2(TOPIC, 1, "a", null));
        broker.call(Requests.sendV2(TOPIC, 1, "b", null));
        broker.call(Requests.sendV2(TOPIC, 3, "c", null));

        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, -1, 32, 60_000).build());

        Map<String, Long> startOffsets = ExtraInfoUtil.parseStartOffsetInfo(answer.extField("startOffsetInfo"));
        Map<String, List<Long>> messageOffsets = ExtraInfoUtil.parseMsgOffsetInfo(answer.extField("msgOffsetInfo"));
        List<StoredMessage> messages = decode(answer);
        assertThat(messages).hasSize(3);
        for (StoredMessage message : messages) {
            String key = ExtraInfoUtil.getStartOffsetInfoMapKey(message.topic(), message.queueId());
            assertThat(startOffsets).containsKey(key);
            assertThat(messageOffsets.get(key)).contains(message.queueOffset());
            assertThat(message.property(MessageProperties.POP_CK)).isNull();
        }
        assertThat(Long.parseLong(answer.extField("restNum"))).isZero();
    }

    @Test
    void aRetryMessageCarriesAReceiptThatNamesTheRetryTopicToAck() {
        broker.call(Requests.sendV2(TOPIC, 0, "again", null));
        broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 50).build());

        RemotingCommand answer = await().atMost(Duration.ofSeconds(5)).until(
                () -> broker.call(PopRequests.pop(GROUP, TOPIC, -1, 32, 60_000).build()),
                found -> found.code() == ResponseCode.SUCCESS);

        StoredMessage retried = decode(answer).get(0);
        assertThat(retried.topic()).isEqualTo(TOPIC);
        assertThat(retried.reconsumeTimes()).isEqualTo(1);
        assertThat(retried.bodyCrcMatches()).isTrue();
        String[] receipt = ExtraInfoUtil.split(retried.property(MessageProperties.POP_CK));
        assertThat(ExtraInfoUtil.getRealTopic(receipt, TOPIC, GROUP)).isEqualTo("%RETRY%billing_orders");
        assertThat(ExtraInfoUtil.getQueueOffset(receipt)).isEqualTo(retried.queueOffset());
        assertThat(ExtraInfoUtil.getPopTime(receipt)).isEqualTo(Long.parseLong(answer.extField("popTime")));
    }

    @Test
    void theClientsBatchAckBodyIsAccepted() {
        broker.call(Requests.sendV2(TOPIC, 2, "a", null));
        broker.call(Requests.sendV2(TOPIC, 2, "b", null));
        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, 2, 32, 60_000).build());
        long start = ExtraInfoUtil.parseStartOffsetInfo(answer.extField("startOffsetInfo")).get("0@2");
        BatchAck ack = new BatchAck();
        ack.setConsumerGroup(GROUP);
        ack.setTopic(TOPIC);
        ack.setRetry("0");
        ack.setStartOffset(start);
        ack.setQueueId(2);
        ack.setReviveQueueId(Integer.parseInt(answer.extField("reviveQid")));
        ack.setPopTime(Long.parseLong(answer.extField("popTime")));
        ack.setInvisibleTime(60_000);
        BitSet bits = new BitSet();
        bits.set(0, 2);
        ack.setBitSet(bits);
        BatchAckMessageRequestBody body = new BatchAckMessageRequestBody();
        body.setBrokerName("broker-a");
        body.setAcks(List.of(ack));

        RemotingCommand acked = broker.call(RemotingCommand.request(RequestCode.BATCH_ACK_MESSAGE)
                .body(body.encode()).build());

        assertThat(acked.code()).isEqualTo(ResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().inflightCheckpoints() == 0);
    }

    @Test
    void aPopModeGroupIsAssignedEveryQueueThroughQueueMinusOne() {
        broker.call(Requests.heartbeat("client-1", GROUP, TOPIC, "*", 1));
        SetMessageRequestModeRequestBody mode = new SetMessageRequestModeRequestBody();
        mode.setTopic(TOPIC);
        mode.setConsumerGroup(GROUP);
        mode.setMode(MessageRequestMode.POP);
        assertThat(broker.call(RemotingCommand.request(RequestCode.SET_MESSAGE_REQUEST_MODE).body(mode.encode())
                .build()).code()).isEqualTo(ResponseCode.SUCCESS);

        broker.restart();

        assertThat(assignments("client-1")).singleElement().satisfies(assignment -> {
            assertThat(assignment.getMode()).isEqualTo(MessageRequestMode.POP);
            assertThat(assignment.getMessageQueue().getQueueId()).isEqualTo(-1);
            assertThat(assignment.getMessageQueue().getBrokerName()).isEqualTo("broker-a");
        });
    }

    @Test
    void pullModeConsumersShareTheQueuesFairly() {
        for (String client : List.of("client-b", "client-a", "client-c")) {
            broker.call(new TestConnection(), Requests.heartbeat(client, GROUP, TOPIC, "*", 1));
        }

        List<Integer> a = queueIds(assignments("client-a"));
        List<Integer> b = queueIds(assignments("client-b"));
        List<Integer> c = queueIds(assignments("client-c"));

        assertThat(a).containsExactlyInAnyOrder(0, 1);
        assertThat(b).containsExactly(2);
        assertThat(c).containsExactly(3);
        assertThat(assignments("client-a")).allSatisfy(assignment ->
                assertThat(assignment.getMode()).isEqualTo(MessageRequestMode.PULL));
    }

    private List<MessageQueueAssignment> assignments(String clientId) {
        QueryAssignmentRequestBody query = new QueryAssignmentRequestBody();
        query.setTopic(TOPIC);
        query.setConsumerGroup(GROUP);
        query.setClientId(clientId);
        query.setStrategyName("AVG");
        query.setMessageModel(MessageModel.CLUSTERING);
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.QUERY_ASSIGNMENT)
                .body(query.encode()).build());
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        return List.copyOf(QueryAssignmentResponseBody.decode(answer.body(), QueryAssignmentResponseBody.class)
                .getMessageQueueAssignments());
    }

    private static List<Integer> queueIds(List<MessageQueueAssignment> assignments) {
        return assignments.stream().map(assignment -> assignment.getMessageQueue().getQueueId()).toList();
    }

    private static List<StoredMessage> decode(RemotingCommand answer) {
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        return StoredMessageCodec.decodeAll(answer.body());
    }
}
