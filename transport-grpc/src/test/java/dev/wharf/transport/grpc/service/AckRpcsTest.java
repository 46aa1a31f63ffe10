package dev.wharf.transport.grpc.service;

import static dev.wharf.messaging.testing.PopAnswers.POP_TIME;
import static dev.wharf.messaging.testing.PopAnswers.found;
import static dev.wharf.messaging.testing.PopAnswers.record;
import static dev.wharf.transport.grpc.service.ReceiveRpcsTest.receive;
import static dev.wharf.transport.grpc.service.ReceiveRpcsTest.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.AckMessageEntry;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.AckMessageResultEntry;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse;
import apache.rocketmq.v2.Resource;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckRpcsTest {

    private final MessagingFixture grpc = new MessagingFixture();

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    static AckMessageResponse ack(MessagingFixture grpc, String... handles) {
        AckMessageRequest.Builder request = AckMessageRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName("billing"))
                .setTopic(Resource.newBuilder().setName("orders"));
        for (String handle : handles) {
            request.addEntries(AckMessageEntry.newBuilder().setMessageId("ID").setReceiptHandle(handle));
        }
        return grpc.stub().ackMessage(request.build());
    }

    /** One message received with a 30 s invisible time: its handle. */
    private String receiveOne() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 2 40",
                record("orders", 2, 41, 9000, null, 0)));
        return grpc.receive(receive().build()).get(1).getMessage().getSystemProperties().getReceiptHandle();
    }

    @Test
    void aReceivedHandleAcksTheMessageItNamesOnTheBroker() {
        String handle = receiveOne();

        AckMessageResponse answer = ack(grpc, handle);

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(answer.getEntriesList()).singleElement().satisfies(entry -> {
            assertThat(entry.getStatus().getCode()).isEqualTo(Code.OK);
            assertThat(entry.getReceiptHandle()).isEqualTo(handle);
        });
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extFields())
                .containsEntry("consumerGroup", "billing")
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "2")
                .containsEntry("offset", "41")
                .containsEntry("extraInfo", "40 " + POP_TIME + " 30000 0 0 broker-a 2 41")
                .containsEntry("bname", "broker-a");
    }

    @Test
    void anUnreadableHandleIsInvalidAndAnExpiredOneSaysSo() {
        String handle = receiveOne();
        grpc.clock.advance(Duration.ofSeconds(31));

        AckMessageResponse garbage = ack(grpc, "not a handle");
        AckMessageResponse expired = ack(grpc, handle);

        assertThat(garbage.getStatus().getCode()).isEqualTo(Code.INVALID_RECEIPT_HANDLE);
        assertThat(expired.getStatus().getCode()).isEqualTo(Code.INVALID_RECEIPT_HANDLE);
        assertThat(expired.getStatus().getMessage()).isEqualTo("receipt handle is expired");
        assertThat(grpc.broker.commands(RequestCode.ACK_MESSAGE)).isEmpty();
    }

    @Test
    void entriesWithDifferentOutcomesGiveMultipleResults() {
        String handle = receiveOne();

        AckMessageResponse answer = ack(grpc, handle, "1 2 3");

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.MULTIPLE_RESULTS);
        assertThat(answer.getEntriesList()).extracting(entry -> entry.getStatus().getCode())
                .containsExactly(Code.OK, Code.INVALID_RECEIPT_HANDLE);
    }

    @Test
    void aBrokerRefusalIsTheEntrysStatus() {
        String handle = receiveOne();
        grpc.broker.refuse(RequestCode.ACK_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[orders] not exist");

        AckMessageResponse answer = ack(grpc, handle);

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
        assertThat(answer.getEntriesList()).extracting(AckMessageResultEntry::getStatus)
                .extracting(status -> status.getCode()).containsExactly(Code.TOPIC_NOT_FOUND);
    }

    @Test
    void changingTheInvisibleTimeGivesANewHandleThatAcksTheMessage() {
        String handle = receiveOne();
        grpc.broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("popTime", POP_TIME + 5_000)
                        .extField("invisibleTime", request.extField("invisibleTime"))
                        .extField("reviveQid", 0)
                        .build());

        ChangeInvisibleDurationResponse changed = grpc.stub().changeInvisibleDuration(change(handle, 20).build());
        ack(grpc, changed.getReceiptHandle());

        assertThat(changed.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(grpc.broker.only(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).extFields())
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "2")
                .containsEntry("offset", "41")
                .containsEntry("invisibleTime", "20000")
                .containsEntry("extraInfo", "40 " + POP_TIME + " 30000 0 0 broker-a 2 41");
        assertThat(changed.getReceiptHandle()).isEqualTo("41 " + (POP_TIME + 5_000) + " 20000 0 0 broker-a 2 41 9000");
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extField("extraInfo"))
                .isEqualTo("41 " + (POP_TIME + 5_000) + " 20000 0 0 broker-a 2 41");
    }

    @Test
    void anInvisibleTimeBeyondTwelveHoursOrAnExpiredHandleCannotBeChanged() {
        String handle = receiveOne();

        ChangeInvisibleDurationResponse tooLong = grpc.stub().changeInvisibleDuration(change(handle, 13 * 3600).build());
        grpc.clock.advance(Duration.ofMinutes(1));
        ChangeInvisibleDurationResponse expired = grpc.stub().changeInvisibleDuration(change(handle, 10).build());

        assertThat(tooLong.getStatus().getCode()).isEqualTo(Code.ILLEGAL_INVISIBLE_TIME);
        assertThat(expired.getStatus().getCode()).isEqualTo(Code.INVALID_RECEIPT_HANDLE);
        assertThat(grpc.broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).isEmpty();
    }

    @Test
    void forwardingToTheDeadLetterQueueSendsTheMessageBackWithoutRetryThenAcksIt() {
        String handle = receiveOne();

        ForwardMessageToDeadLetterQueueResponse answer = grpc.stub().forwardMessageToDeadLetterQueue(dlq(handle).build());

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(grpc.broker.only(RequestCode.CONSUMER_SEND_MSG_BACK).extFields())
                .containsEntry("offset", "9000")
                .containsEntry("group", "billing")
                .containsEntry("delayLevel", "-1")
                .containsEntry("maxReconsumeTimes", "0")
                .containsEntry("originMsgId", "ID-orders-41")
                .containsEntry("originTopic", "orders");
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extField("offset")).isEqualTo("41");
    }

    @Test
    void aRefusedSendBackIsReportedAndTheMessageStaysInFlight() {
        String handle = receiveOne();
        grpc.broker.refuse(RequestCode.CONSUMER_SEND_MSG_BACK, ResponseCode.SYSTEM_ERROR, "look message by offset failed");

        ForwardMessageToDeadLetterQueueResponse answer = grpc.stub().forwardMessageToDeadLetterQueue(dlq(handle).build());

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.INTERNAL_SERVER_ERROR);
        assertThat(answer.getStatus().getMessage()).contains("look message by offset failed");
        assertThat(grpc.broker.commands(RequestCode.ACK_MESSAGE)).isEmpty();
    }

    @Test
    void aHandleWithoutCommitLogOffsetCannotFindTheMessageToDeadLetter() {
        ForwardMessageToDeadLetterQueueResponse answer = grpc.stub().forwardMessageToDeadLetterQueue(
                dlq("40 " + POP_TIME + " 30000 0 0 broker-a 2 41").build());

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.INVALID_RECEIPT_HANDLE);
        assertThat(grpc.broker.commands(RequestCode.CONSUMER_SEND_MSG_BACK)).isEmpty();
    }

    @Test
    void anAutoRenewedMessageIsKeptInvisibleAndAckedWithItsNewestHandle() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 2 40",
                record("orders", 2, 41, 9000, null, 0)));
        grpc.broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("popTime", POP_TIME + 51_000)
                        .extField("invisibleTime", request.extField("invisibleTime"))
                        .extField("reviveQid", 0)
                        .build());
        String handle = grpc.receive(receive().setAutoRenew(true).clearInvisibleDuration().build())
                .get(1).getMessage().getSystemProperties().getReceiptHandle();
        assertThat(grpc.broker.only(RequestCode.POP_MESSAGE).extField("invisibleTime")).isEqualTo("60000");

        grpc.clock.advance(Duration.ofSeconds(51));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> grpc.broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).size() == 1);
        grpc.clock.advance(Duration.ofSeconds(20));
        AckMessageResponse answer = ack(grpc, handle);

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extField("extraInfo"))
                .isEqualTo("41 " + (POP_TIME + 51_000) + " 60000 0 0 broker-a 2 41");
    }

    private static ChangeInvisibleDurationRequest.Builder change(String handle, long seconds) {
        return ChangeInvisibleDurationRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName("billing"))
                .setTopic(Resource.newBuilder().setName("orders"))
                .setReceiptHandle(handle)
                .setMessageId("ID-orders-41")
                .setInvisibleDuration(seconds(seconds));
    }

    private static ForwardMessageToDeadLetterQueueRequest.Builder dlq(String handle) {
        return ForwardMessageToDeadLetterQueueRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName("billing"))
                .setTopic(Resource.newBuilder().setName("orders"))
                .setReceiptHandle(handle)
                .setMessageId("ID-orders-41")
                .setDeliveryAttempt(17)
                .setMaxDeliveryAttempts(17);
    }
}
