package dev.wharf.transport.grpc.service;

import static dev.wharf.transport.grpc.service.Sends.MESSAGE_ID;
import static dev.wharf.transport.grpc.service.Sends.message;
import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.EndTransactionResponse;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.RecoverOrphanedTransactionCommand;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.TransactionResolution;
import apache.rocketmq.v2.TransactionSource;
import dev.wharf.message.MessageProperties;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionRpcsTest {

    /** Where an Apache broker keeps half messages, and what its checks name as their topic. */
    private static final String APACHE_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";

    private final MessagingFixture grpc = new MessagingFixture();
    private final RecordingBroker broker = Sends.acceptSends(grpc.broker);

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aCommitResolvesTheHalfWhereItsSendAnswerPutIt() {
        sendHalf();

        EndTransactionResponse response = grpc.stub().endTransaction(end(TransactionResolution.COMMIT,
                TransactionSource.SOURCE_CLIENT));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(broker.commands(RequestCode.END_TRANSACTION)).singleElement().satisfies(command ->
                assertThat(command.extFields())
                        .containsEntry("topic", "orders")
                        .containsEntry("producerGroup", "orders")
                        .containsEntry("tranStateTableOffset", Long.toString(Sends.QUEUE_OFFSET))
                        .containsEntry("commitLogOffset", Long.toString(Sends.COMMIT_LOG_OFFSET))
                        .containsEntry("commitOrRollback", "8")
                        .containsEntry("fromTransactionCheck", "false")
                        .containsEntry("msgId", MESSAGE_ID)
                        .containsEntry("transactionId", MESSAGE_ID));
    }

    @Test
    void aRollbackIsCommitOrRollback12AndAResolvedTransactionIsForgotten() {
        sendHalf();

        grpc.stub().endTransaction(end(TransactionResolution.ROLLBACK, TransactionSource.SOURCE_CLIENT));
        EndTransactionResponse again = grpc.stub().endTransaction(
                end(TransactionResolution.ROLLBACK, TransactionSource.SOURCE_CLIENT));

        assertThat(broker.commands(RequestCode.END_TRANSACTION)).singleElement()
                .satisfies(command -> assertThat(command.extField("commitOrRollback")).isEqualTo("12"));
        assertThat(again.getStatus().getCode()).isEqualTo(Code.INVALID_TRANSACTION_ID);
    }

    @Test
    void theBrokersRefusalReachesTheClientAndTheTransactionCanBeEndedAgain() {
        sendHalf();
        broker.refuse(RequestCode.END_TRANSACTION, ResponseCode.SYSTEM_ERROR, "The producer group wrong");

        EndTransactionResponse refused = grpc.stub().endTransaction(
                end(TransactionResolution.COMMIT, TransactionSource.SOURCE_CLIENT));
        broker.on(RequestCode.END_TRANSACTION, request -> RemotingCommand.responseTo(request, 0).build());
        EndTransactionResponse retried = grpc.stub().endTransaction(
                end(TransactionResolution.COMMIT, TransactionSource.SOURCE_CLIENT));

        assertThat(refused.getStatus().getCode()).isEqualTo(Code.INTERNAL_SERVER_ERROR);
        assertThat(refused.getStatus().getMessage()).contains("The producer group wrong");
        assertThat(retried.getStatus().getCode()).isEqualTo(Code.OK);
    }

    @Test
    void aBlankOrUnknownTransactionIdIsInvalid() {
        EndTransactionResponse blank = grpc.stub().endTransaction(end(TransactionResolution.COMMIT,
                TransactionSource.SOURCE_CLIENT).toBuilder().setTransactionId(" ").build());
        EndTransactionResponse unknown = grpc.stub().endTransaction(end(TransactionResolution.COMMIT,
                TransactionSource.SOURCE_CLIENT));

        assertThat(blank.getStatus().getCode()).isEqualTo(Code.INVALID_TRANSACTION_ID);
        assertThat(unknown.getStatus().getCode()).isEqualTo(Code.INVALID_TRANSACTION_ID);
        assertThat(unknown.getStatus().getMessage()).contains("no open transaction " + MESSAGE_ID + " of topic orders");
        assertThat(broker.commands(RequestCode.END_TRANSACTION)).isEmpty();
    }

    @Test
    void aFailedHalfIsNotRemembered() {
        broker.refuse(RequestCode.SEND_MESSAGE, ResponseCode.MESSAGE_ILLEGAL, "no");
        sendHalf();

        EndTransactionResponse response = grpc.stub().endTransaction(
                end(TransactionResolution.COMMIT, TransactionSource.SOURCE_CLIENT));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.INVALID_TRANSACTION_ID);
    }

    @Test
    void aCheckBackReachesTheProducerAndItsAnswerResolvesTheCheckedHalf() throws Exception {
        TelemetryClient producer = new TelemetryClient(grpc.asyncStub());
        producer.sync(TelemetryClient.producerSettings("orders"));

        grpc.sessions.find(MessagingFixture.CLIENT_ID).orElseThrow().send(check("orders", 11, 8192))
                .get(5, TimeUnit.SECONDS);

        TelemetryCommand pushed = producer.next();
        assertThat(pushed.hasRecoverOrphanedTransactionCommand()).isTrue();
        RecoverOrphanedTransactionCommand recover = pushed.getRecoverOrphanedTransactionCommand();
        assertThat(recover.getTransactionId()).isEqualTo(MESSAGE_ID);
        assertThat(recover.getMessage().getTopic().getName()).isEqualTo("orders");
        assertThat(recover.getMessage().getSystemProperties().getMessageId()).isEqualTo(MESSAGE_ID);
        assertThat(recover.getMessage().getSystemProperties().getMessageType()).isEqualTo(MessageType.TRANSACTION);
        assertThat(recover.getMessage().getBody().toStringUtf8()).isEqualTo("hello");

        EndTransactionResponse response = grpc.stub().endTransaction(answer(recover, TransactionResolution.ROLLBACK));

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(broker.commands(RequestCode.END_TRANSACTION)).singleElement().satisfies(command ->
                assertThat(command.extFields())
                        .containsEntry("tranStateTableOffset", "11")
                        .containsEntry("commitLogOffset", "8192")
                        .containsEntry("commitOrRollback", "12")
                        .containsEntry("fromTransactionCheck", "true")
                        .containsEntry("producerGroup", "orders"));
    }

    /**
     * An Apache broker names its half-message topic in the check's header and checks a renewed copy of the half
     * each time: the answer to each check resolves the copy that check named, though the send's half was resolved.
     */
    @Test
    void everyCheckOfAnApacheBrokerIsAnsweredWithTheOffsetsOfTheCopyItChecked() throws Exception {
        TelemetryClient producer = new TelemetryClient(grpc.asyncStub());
        producer.sync(TelemetryClient.producerSettings("orders"));
        sendHalf();

        for (long renewedOffset : new long[] {21, 22}) {
            grpc.sessions.find(MessagingFixture.CLIENT_ID).orElseThrow()
                    .send(check(APACHE_HALF_TOPIC, renewedOffset, 8192 + renewedOffset)).get(5, TimeUnit.SECONDS);
            RecoverOrphanedTransactionCommand recover = producer.next().getRecoverOrphanedTransactionCommand();
            EndTransactionResponse response = grpc.stub().endTransaction(answer(recover, TransactionResolution.COMMIT));
            assertThat(response.getStatus().getCode()).as("answer to the check of copy %d", renewedOffset)
                    .isEqualTo(Code.OK);
        }

        assertThat(broker.commands(RequestCode.END_TRANSACTION)).extracting(command ->
                command.extFields().get("tranStateTableOffset")).containsExactly("21", "22");
    }

    private static RemotingCommand check(String headerTopic, long queueOffset, long commitLogOffset) {
        return RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extField("topic", headerTopic)
                .extField("tranStateTableOffset", queueOffset)
                .extField("commitLogOffset", commitLogOffset)
                .extField("msgId", MESSAGE_ID)
                .extField("transactionId", MESSAGE_ID)
                .extField("offsetMsgId", "0A00000500002A9F0000000000002000")
                .body(TelemetryRpcsTest.storedMessage("orders", Map.of(
                        MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, MESSAGE_ID,
                        MessageProperties.TRANSACTION_PREPARED, "true",
                        MessageProperties.PRODUCER_GROUP, "orders")))
                .oneway()
                .build();
    }

    private static EndTransactionRequest answer(RecoverOrphanedTransactionCommand recover,
            TransactionResolution resolution) {
        return EndTransactionRequest.newBuilder()
                .setTopic(recover.getMessage().getTopic())
                .setMessageId(recover.getMessage().getSystemProperties().getMessageId())
                .setTransactionId(recover.getTransactionId())
                .setResolution(resolution)
                .setSource(TransactionSource.SOURCE_SERVER_CHECK)
                .build();
    }

    private void sendHalf() {
        grpc.stub().sendMessage(SendMessageRequest.newBuilder()
                .addMessages(message("orders").setSystemProperties(
                        message("orders").getSystemPropertiesBuilder().setMessageType(MessageType.TRANSACTION)))
                .build());
    }

    private static EndTransactionRequest end(TransactionResolution resolution, TransactionSource source) {
        return EndTransactionRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName("orders"))
                .setMessageId(MESSAGE_ID)
                .setTransactionId(MESSAGE_ID)
                .setResolution(resolution)
                .setSource(source)
                .build();
    }
}
