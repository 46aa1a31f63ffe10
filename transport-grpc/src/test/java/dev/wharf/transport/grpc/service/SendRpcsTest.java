package dev.wharf.transport.grpc.service;

import static dev.wharf.transport.grpc.service.Sends.MESSAGE_ID;
import static dev.wharf.transport.grpc.service.Sends.message;
import static dev.wharf.transport.grpc.service.Sends.properties;
import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.RecallMessageRequest;
import apache.rocketmq.v2.RecallMessageResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.SendResultEntry;
import com.google.protobuf.ByteString;
import dev.wharf.message.MessageProperties;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.grpc.GrpcServerOptions;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SendRpcsTest {

    private final MessagingFixture grpc = new MessagingFixture(
            GrpcServerOptions.from(ServerConfig.of("127.0.0.1", 0).withOption("maxBodySize", "64")));
    private final RecordingBroker broker = Sends.acceptSends(grpc.broker);

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aMessageBecomesTheSendMessageARemotingProducerWouldSend() {
        long bornAt = 1_700_000_000_123L;
        Message message = message("orders")
                .putUserProperties("color", "blue")
                .setSystemProperties(message("orders").getSystemPropertiesBuilder()
                        .setTag("TagA")
                        .addKeys("k1")
                        .addKeys("k2")
                        .setTraceContext("00-trace")
                        .setBornTimestamp(ProtoTimes.timestamp(bornAt)))
                .build();

        SendMessageResponse response = send(message);

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(response.getEntriesList()).singleElement().satisfies(entry -> {
            assertThat(entry.getStatus().getCode()).isEqualTo(Code.OK);
            assertThat(entry.getMessageId()).isEqualTo(MESSAGE_ID);
            assertThat(entry.getTransactionId()).isEqualTo(MESSAGE_ID);
            assertThat(entry.getOffset()).isEqualTo(Sends.QUEUE_OFFSET);
        });
        RemotingCommand send = onlySend();
        assertThat(send.extFields()).containsEntry("producerGroup", "orders").containsEntry("topic", "orders")
                .containsEntry("defaultTopic", "TBW102").containsEntry("queueId", "2").containsEntry("sysFlag", "0")
                .containsEntry("bornTimestamp", Long.toString(bornAt)).containsEntry("flag", "0")
                .containsEntry("reconsumeTimes", "0").containsEntry("batch", "false");
        assertThat(new String(send.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        Map<String, String> properties = properties(send);
        assertThat(properties).containsEntry(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, MESSAGE_ID)
                .containsEntry(MessageProperties.TAGS, "TagA")
                .containsEntry(MessageProperties.KEYS, "k1 k2")
                .containsEntry(MessageProperties.PRODUCER_GROUP, "orders")
                .containsEntry(MessageProperties.TRACE_CONTEXT, "00-trace")
                .containsEntry(MessageProperties.BORN_TIMESTAMP, Long.toString(bornAt))
                .containsEntry("color", "blue")
                .containsKey(MessageProperties.BORN_HOST)
                .doesNotContainKeys(MessageProperties.SHARDING_KEY, MessageProperties.TIMER_DELIVER_MS,
                        MessageProperties.TRANSACTION_PREPARED);
    }

    @Test
    void aFifoMessageCarriesItsGroupAsShardingKey() {
        send(message("orders").setSystemProperties(message("orders").getSystemPropertiesBuilder()
                .setMessageType(MessageType.FIFO).setMessageGroup("customer-42")).build());

        assertThat(properties(onlySend())).containsEntry(MessageProperties.SHARDING_KEY, "customer-42");
    }

    @Test
    void aDelayedMessageCarriesItsDeliveryTime() {
        long deliverAt = grpc.clock.millis() + 60_000;
        send(message("orders").setSystemProperties(message("orders").getSystemPropertiesBuilder()
                .setMessageType(MessageType.DELAY).setDeliveryTimestamp(ProtoTimes.timestamp(deliverAt))).build());

        assertThat(properties(onlySend())).containsEntry(MessageProperties.TIMER_DELIVER_MS, Long.toString(deliverAt));
    }

    @Test
    void aTransactionalMessageIsAPreparedHalfWithItsCheckImmunity() {
        send(message("orders").setSystemProperties(message("orders").getSystemPropertiesBuilder()
                .setMessageType(MessageType.TRANSACTION)
                .setOrphanedTransactionRecoveryDuration(ProtoTimes.duration(30_000))).build());

        RemotingCommand send = onlySend();
        assertThat(send.extField("sysFlag")).isEqualTo("4");
        assertThat(properties(send)).containsEntry(MessageProperties.TRANSACTION_PREPARED, "true")
                .containsEntry(MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS, "30")
                .containsEntry(MessageProperties.PRODUCER_GROUP, "orders");
    }

    @Test
    void aGzipBodyIsSentCompressed() {
        send(message("orders").setSystemProperties(message("orders").getSystemPropertiesBuilder()
                .setBodyEncoding(Encoding.GZIP)).build());

        assertThat(onlySend().extField("sysFlag")).isEqualTo("1");
    }

    static Stream<Arguments> invalidMessages() {
        long now = MessagingFixture.START_MILLIS;
        return Stream.of(
                invalid("empty body", Code.MESSAGE_BODY_EMPTY, m -> m.setBody(ByteString.EMPTY)),
                invalid("body over the limit", Code.MESSAGE_BODY_TOO_LARGE,
                        m -> m.setBody(ByteString.copyFromUtf8("x".repeat(65)))),
                invalid("blank message id", Code.ILLEGAL_MESSAGE_ID,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().setMessageId(" "))),
                invalid("blank tag", Code.ILLEGAL_MESSAGE_TAG,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().setTag(" "))),
                invalid("tag with |", Code.ILLEGAL_MESSAGE_TAG,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().setTag("a|b"))),
                invalid("tag with control character", Code.ILLEGAL_MESSAGE_TAG,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().setTag("a\u0001b"))),
                invalid("blank key", Code.ILLEGAL_MESSAGE_KEY,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().addKeys(""))),
                invalid("key with control character", Code.ILLEGAL_MESSAGE_KEY,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().addKeys("k\n"))),
                invalid("message group over 64 bytes", Code.ILLEGAL_MESSAGE_GROUP,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().setMessageGroup("g".repeat(65)))),
                invalid("blank message group", Code.ILLEGAL_MESSAGE_GROUP,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder().setMessageGroup(""))),
                invalid("reserved property UNIQ_KEY", Code.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        m -> m.putUserProperties("UNIQ_KEY", "forged")),
                invalid("reserved property __SHARDINGKEY", Code.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        m -> m.putUserProperties("__SHARDINGKEY", "forged")),
                invalid("reserved property TRAN_MSG", Code.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        m -> m.putUserProperties("TRAN_MSG", "true")),
                invalid("property with a separator", Code.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        m -> m.putUserProperties("color", "blue\u0002KEYS\u0001forged")),
                invalid("129 user properties", Code.MESSAGE_PROPERTIES_TOO_LARGE, m -> {
                    for (int i = 0; i < 129; i++) {
                        m.putUserProperties("p" + i, "v");
                    }
                    return m;
                }),
                invalid("user properties over 16 KiB", Code.MESSAGE_PROPERTIES_TOO_LARGE,
                        m -> m.putUserProperties("big", "x".repeat(16 * 1024))),
                invalid("delivery two days ahead", Code.ILLEGAL_DELIVERY_TIME,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder()
                                .setDeliveryTimestamp(ProtoTimes.timestamp(now + 2 * 86_400_000L)))),
                invalid("orphaned transaction recovery over an hour", Code.BAD_REQUEST,
                        m -> m.setSystemProperties(m.getSystemPropertiesBuilder()
                                .setMessageType(MessageType.TRANSACTION)
                                .setOrphanedTransactionRecoveryDuration(ProtoTimes.duration(7_200_000)))));
    }

    private static Arguments invalid(String problem, Code code, UnaryOperator<Message.Builder> change) {
        return Arguments.of(problem, code, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMessages")
    void anInvalidMessageIsRefusedWithItsCodeAndNeverSent(String problem, Code code, UnaryOperator<Message.Builder> change) {
        SendMessageResponse response = send(change.apply(message("orders")).build());

        assertThat(response.getStatus().getCode()).isEqualTo(code);
        assertThat(response.getEntriesList()).singleElement().satisfies(entry -> {
            assertThat(entry.getStatus().getCode()).isEqualTo(code);
            assertThat(entry.getStatus().getMessage()).isNotBlank();
        });
        assertThat(broker.commands(RequestCode.SEND_MESSAGE)).isEmpty();
    }

    @Test
    void entriesWithDifferentOutcomesMakeMultipleResults() {
        SendMessageResponse response = grpc.stub().sendMessage(SendMessageRequest.newBuilder()
                .addMessages(message("orders"))
                .addMessages(message("orders").setBody(ByteString.EMPTY))
                .build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.MULTIPLE_RESULTS);
        assertThat(response.getEntriesList()).extracting(entry -> entry.getStatus().getCode())
                .containsExactly(Code.OK, Code.MESSAGE_BODY_EMPTY);
        assertThat(broker.commands(RequestCode.SEND_MESSAGE)).hasSize(1);
    }

    @Test
    void everyMessageOfARequestIsSentOnItsOwn() {
        SendMessageResponse response = grpc.stub().sendMessage(SendMessageRequest.newBuilder()
                .addMessages(message("orders"))
                .addMessages(message("orders").setSystemProperties(
                        message("orders").getSystemPropertiesBuilder().setMessageId("SECOND")))
                .build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(response.getEntriesList()).extracting(SendResultEntry::getMessageId)
                .containsExactly(MESSAGE_ID, "SECOND");
        assertThat(broker.commands(RequestCode.SEND_MESSAGE)).hasSize(2);
    }

    @Test
    void aMessageOfAnotherTopicInTheRequestIsRefused() {
        SendMessageResponse response = grpc.stub().sendMessage(SendMessageRequest.newBuilder()
                .addMessages(message("orders"))
                .addMessages(message("payments"))
                .build());

        assertThat(response.getEntries(1).getStatus().getCode()).isEqualTo(Code.BAD_REQUEST);
        assertThat(response.getEntries(1).getStatus().getMessage()).contains("share a topic");
    }

    @Test
    void aTypeMismatchTheBrokerFindsIsMessagePropertyConflictWithType() {
        broker.refuse(RequestCode.SEND_MESSAGE, ResponseCode.MESSAGE_ILLEGAL,
                "TopicMessageType validate failed, the expected type is FIFO, but actual type is NORMAL");

        SendMessageResponse response = send(message("orders").build());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.MESSAGE_PROPERTY_CONFLICT_WITH_TYPE);
        assertThat(response.getEntries(0).getStatus().getMessage()).contains("the expected type is FIFO");
        assertThat(response.getEntries(0).getMessageId()).isEqualTo(MESSAGE_ID);
    }

    @Test
    void aSendToAnUnknownTopicIsTopicNotFound() {
        broker.refuse(RequestCode.SEND_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[nowhere] not exist, apply first please!");

        assertThat(send(message("nowhere").build()).getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
    }

    @Test
    void aRequestWithoutMessagesOrWithAnIllegalTopicIsRefused() {
        assertThat(grpc.stub().sendMessage(SendMessageRequest.getDefaultInstance()).getStatus().getCode())
                .isEqualTo(Code.BAD_REQUEST);
        assertThat(send(message("rmq_sys_wheel_timer").build()).getStatus().getCode()).isEqualTo(Code.ILLEGAL_TOPIC);
        assertThat(broker.received()).isEmpty();
    }

    @Test
    void recallIsNotImplementedWhenTheBrokerCannotRecall() {
        broker.refuse(RequestCode.RECALL_MESSAGE, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type 370 not supported");

        RecallMessageResponse response = grpc.stub().recallMessage(recall());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.NOT_IMPLEMENTED);
        assertThat(response.getStatus().getMessage()).contains("RECALL_MESSAGE");
    }

    @Test
    void recallIsTheBrokersRecallMessage() {
        broker.on(RequestCode.RECALL_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("msgId", MESSAGE_ID).build());

        RecallMessageResponse response = grpc.stub().recallMessage(recall());

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(response.getMessageId()).isEqualTo(MESSAGE_ID);
        assertThat(broker.commands(RequestCode.RECALL_MESSAGE)).singleElement().satisfies(command ->
                assertThat(command.extFields()).containsEntry("topic", "orders").containsEntry("recallHandle", "aGFuZGxl"));
    }

    private static RecallMessageRequest recall() {
        return RecallMessageRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName("orders"))
                .setRecallHandle("aGFuZGxl")
                .build();
    }

    private SendMessageResponse send(Message message) {
        return grpc.stub().sendMessage(SendMessageRequest.newBuilder().addMessages(message).build());
    }

    private RemotingCommand onlySend() {
        assertThat(broker.commands(RequestCode.SEND_MESSAGE)).hasSize(1);
        return broker.commands(RequestCode.SEND_MESSAGE).get(0);
    }
}
