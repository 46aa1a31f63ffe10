package dev.wharf.transport.grpc.service;

import static dev.wharf.messaging.testing.PopAnswers.BROKER;
import static dev.wharf.messaging.testing.PopAnswers.POP_TIME;
import static dev.wharf.messaging.testing.PopAnswers.found;
import static dev.wharf.messaging.testing.PopAnswers.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.Broker;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse.ContentCase;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.Resource;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageRecord;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiveRpcsTest {

    private final MessagingFixture grpc = new MessagingFixture();

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    static ReceiveMessageRequest.Builder receive() {
        return ReceiveMessageRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName("billing"))
                .setMessageQueue(MessageQueue.newBuilder()
                        .setTopic(Resource.newBuilder().setName("orders"))
                        .setId(-1)
                        .setBroker(Broker.newBuilder().setName(BROKER)))
                .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("*"))
                .setBatchSize(16)
                .setInvisibleDuration(seconds(30))
                .setLongPollingTimeout(seconds(15));
    }

    @Test
    void foundMessagesComeAsStatusThenMessagesThenTheDeliveryTimestamp() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 1 7;0 2 3",
                record("orders", 1, 7, 4096, "TagA", 0), record("orders", 2, 4, 8192, null, 2)));

        List<ReceiveMessageResponse> answer = grpc.receive(receive().build());

        assertThat(answer).extracting(ReceiveMessageResponse::getContentCase).containsExactly(
                ContentCase.STATUS, ContentCase.MESSAGE, ContentCase.MESSAGE, ContentCase.DELIVERY_TIMESTAMP);
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.OK);
        var first = answer.get(1).getMessage();
        assertThat(first.getTopic().getName()).isEqualTo("orders");
        assertThat(first.getBody().toString(StandardCharsets.UTF_8)).isEqualTo("body-7");
        assertThat(first.getSystemProperties().getMessageId()).isEqualTo("ID-orders-7");
        assertThat(first.getSystemProperties().getTag()).isEqualTo("TagA");
        assertThat(first.getSystemProperties().getDeliveryAttempt()).isEqualTo(1);
        assertThat(first.getSystemProperties().getReceiptHandle())
                .isEqualTo("7 " + POP_TIME + " 30000 0 0 broker-a 1 7 4096");
        var second = answer.get(2).getMessage();
        assertThat(second.getSystemProperties().getReceiptHandle())
                .isEqualTo("3 " + POP_TIME + " 30000 0 0 broker-a 2 4 8192");
        assertThat(second.getSystemProperties().getDeliveryAttempt()).isEqualTo(3);
        assertThat(answer.get(3).getDeliveryTimestamp().getSeconds()).isEqualTo(grpc.clock.millis() / 1000);
    }

    @Test
    void aReceiveBecomesOnePopOnAnyQueueStartingNewGroupsAtTheEnd() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> PopAnswers.empty(request, ResponseCode.POLLING_TIMEOUT));

        grpc.receive(receive().setBatchSize(100)
                .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("TagA || TagB"))
                .build());

        RemotingCommand pop = grpc.broker.only(RequestCode.POP_MESSAGE);
        assertThat(pop.extFields()).containsEntry("consumerGroup", "billing")
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "-1")
                .containsEntry("maxMsgNums", "32")
                .containsEntry("invisibleTime", "30000")
                .containsEntry("pollTime", "15000")
                .containsEntry("bornTime", Long.toString(grpc.clock.millis()))
                .containsEntry("initMode", "1")
                .containsEntry("expType", "TAG")
                .containsEntry("exp", "TagA || TagB")
                .containsEntry("order", "false")
                .containsEntry("bname", BROKER)
                .doesNotContainKey("attemptId");
    }

    @Test
    void nothingFoundIsMessageNotFoundThenTheDeliveryTimestamp() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> PopAnswers.empty(request, ResponseCode.POLLING_TIMEOUT));

        List<ReceiveMessageResponse> answer = grpc.receive(receive().build());

        assertThat(answer).extracting(ReceiveMessageResponse::getContentCase)
                .containsExactly(ContentCase.STATUS, ContentCase.DELIVERY_TIMESTAMP);
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.MESSAGE_NOT_FOUND);
        assertThat(answer.get(0).getStatus().getMessage()).isEqualTo("no new message");
    }

    @Test
    void aFullPollingQueueIsTooManyRequests() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> PopAnswers.empty(request, ResponseCode.POLLING_FULL));

        List<ReceiveMessageResponse> answer = grpc.receive(receive().build());

        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.TOO_MANY_REQUESTS);
        assertThat(answer.get(1).hasDeliveryTimestamp()).isTrue();
    }

    @Test
    void aBrokerRefusalIsOneStatusThenTheDeliveryTimestamp() {
        grpc.broker.refuse(RequestCode.POP_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[orders] not exist");

        List<ReceiveMessageResponse> answer = grpc.receive(receive().build());

        assertThat(answer).extracting(ReceiveMessageResponse::getContentCase)
                .containsExactly(ContentCase.STATUS, ContentCase.DELIVERY_TIMESTAMP);
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
        assertThat(answer.get(0).getStatus().getMessage()).contains("topic[orders] not exist");
    }

    @Test
    void illegalRequestsAreRefusedBeforeTheBrokerIsAsked() {
        assertRefused(receive().setInvisibleDuration(seconds(5)), Code.ILLEGAL_INVISIBLE_TIME);
        assertRefused(receive().setInvisibleDuration(seconds(13 * 3600)), Code.ILLEGAL_INVISIBLE_TIME);
        assertRefused(receive().clearInvisibleDuration(), Code.ILLEGAL_INVISIBLE_TIME);
        assertRefused(receive().setFilterExpression(FilterExpression.newBuilder().setTypeValue(7).setExpression("x")),
                Code.ILLEGAL_FILTER_EXPRESSION);
        assertRefused(receive().setGroup(Resource.newBuilder().setName(" ")), Code.ILLEGAL_CONSUMER_GROUP);
        assertRefused(receive().setMessageQueue(MessageQueue.newBuilder()
                .setTopic(Resource.newBuilder().setName("no spaces please"))), Code.ILLEGAL_TOPIC);
        assertRefused(receive().setBatchSize(0), Code.BAD_REQUEST);

        assertThat(grpc.broker.commands(RequestCode.POP_MESSAGE)).isEmpty();
    }

    @Test
    void aSqlFilterTheBrokerCannotParseIsAnIllegalFilterExpression() {
        grpc.broker.refuse(RequestCode.POP_MESSAGE, ResponseCode.SUBSCRIPTION_PARSE_FAILED, "SQL92 is not supported");

        List<ReceiveMessageResponse> answer = grpc.receive(receive()
                .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.SQL).setExpression("a > 1"))
                .build());

        assertThat(grpc.broker.only(RequestCode.POP_MESSAGE).extFields()).containsEntry("expType", "SQL92");
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.ILLEGAL_FILTER_EXPRESSION);
    }

    @Test
    void aDeadlineTooCloseForAnyLongPollIsAnIllegalPollingTime() {
        List<ReceiveMessageResponse> answer = new java.util.ArrayList<>();
        grpc.stub().withDeadlineAfter(3, TimeUnit.SECONDS).receiveMessage(receive().build())
                .forEachRemaining(answer::add);

        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.ILLEGAL_POLLING_TIME);
        assertThat(answer.get(1).hasDeliveryTimestamp()).isTrue();
        assertThat(grpc.broker.commands(RequestCode.POP_MESSAGE)).isEmpty();
    }

    @Test
    void aPollLongerThanTheDeadlineShrinksToTheTimeLeft() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> PopAnswers.empty(request, ResponseCode.POLLING_TIMEOUT));

        grpc.stub().withDeadlineAfter(8, TimeUnit.SECONDS)
                .receiveMessage(receive().setLongPollingTimeout(seconds(20)).build())
                .forEachRemaining(response -> { });

        long pollTime = Long.parseLong(grpc.broker.only(RequestCode.POP_MESSAGE).extField("pollTime"));
        assertThat(pollTime).isBetween(5_000L, 8_000L);
    }

    @Test
    void aFifoGroupPopsInOrderWithTheAttemptIdAndCountsEarlierDeliveries() {
        grpc.broker.group(true, 16);
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 0 5",
                        record("orders", 0, 5, 100, null, 0), record("orders", 0, 6, 200, null, 0)).toBuilder()
                .extField("reviveQid", 999)
                .extField("orderCountInfo", "0 qo0%5 2;0 qo0%6 0;0 0 0")
                .build());

        List<ReceiveMessageResponse> answer = grpc.receive(receive().setAttemptId("attempt-1").build());

        assertThat(grpc.broker.only(RequestCode.POP_MESSAGE).extFields())
                .containsEntry("order", "true")
                .containsEntry("attemptId", "attempt-1");
        assertThat(answer.get(1).getMessage().getSystemProperties().getDeliveryAttempt()).isEqualTo(3);
        assertThat(answer.get(1).getMessage().getSystemProperties().getReceiptHandle()).startsWith("5 " + POP_TIME + " 30000 999 ");
        assertThat(answer.get(2).getMessage().getSystemProperties().getDeliveryAttempt()).isEqualTo(1);
    }

    @Test
    void aMessageWhoseTagTheSubscriptionDoesNotNameIsAckedAndNotDelivered() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 1 7",
                record("orders", 1, 7, 4096, "TagA", 0), record("orders", 1, 8, 5000, "TagC", 0)));

        List<ReceiveMessageResponse> answer = grpc.receive(receive()
                .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("TagA")).build());

        assertThat(answer).filteredOn(ReceiveMessageResponse::hasMessage).singleElement()
                .satisfies(response -> assertThat(response.getMessage().getSystemProperties().getTag()).isEqualTo("TagA"));
        await().atMost(Duration.ofSeconds(5)).until(() -> grpc.broker.commands(RequestCode.ACK_MESSAGE).size() == 1);
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extFields())
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "1")
                .containsEntry("offset", "8")
                .containsEntry("extraInfo", "7 " + POP_TIME + " 30000 0 0 broker-a 1 8");
    }

    @Test
    void whenEveryMessageIsFilteredOutTheAnswerIsMessageNotFound() {
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 1 7",
                record("orders", 1, 7, 4096, "TagC", 0)));

        List<ReceiveMessageResponse> answer = grpc.receive(receive()
                .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("TagA")).build());

        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.MESSAGE_NOT_FOUND);
        assertThat(answer.get(1).hasDeliveryTimestamp()).isTrue();
    }

    @Test
    void aMessageBeyondTheGroupsDeliveryAttemptsGoesToTheDeadLetterQueueInstead() {
        grpc.broker.group(false, 2);
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "0 1 7",
                record("orders", 1, 7, 4096, null, 2), record("orders", 1, 8, 5000, null, 3)));

        List<ReceiveMessageResponse> answer = grpc.receive(receive().build());

        assertThat(answer).filteredOn(ReceiveMessageResponse::hasMessage).singleElement()
                .satisfies(response -> assertThat(response.getMessage().getSystemProperties().getDeliveryAttempt())
                        .isEqualTo(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> grpc.broker.commands(RequestCode.ACK_MESSAGE).size() == 1);
        assertThat(grpc.broker.only(RequestCode.CONSUMER_SEND_MSG_BACK).extFields())
                .containsEntry("offset", "5000")
                .containsEntry("group", "billing")
                .containsEntry("delayLevel", "-1")
                .containsEntry("maxReconsumeTimes", "0")
                .containsEntry("originMsgId", "ID-orders-8")
                .containsEntry("originTopic", "orders");
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extField("offset")).isEqualTo("8");
    }

    @Test
    void aRetryMessageCarriesTheBrokersReceiptAndIsAckedOnTheRetryTopic() {
        String receipt = "3 " + POP_TIME + " 30000 0 1 broker-a 0 3";
        byte[] retried = PopAnswers.stamped(MessageRecord.builder("orders", 0)
                .body("again".getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.POP_CK, receipt)
                .reconsumeTimes(1)
                .build(), 3, 777);
        grpc.broker.on(RequestCode.POP_MESSAGE, request -> found(request, "1 0 3", retried));

        List<ReceiveMessageResponse> answer = grpc.receive(receive().build());
        String handle = answer.get(1).getMessage().getSystemProperties().getReceiptHandle();
        AckRpcsTest.ack(grpc, handle);

        assertThat(handle).isEqualTo(receipt + " 777");
        assertThat(grpc.broker.only(RequestCode.ACK_MESSAGE).extFields())
                .containsEntry("topic", "%RETRY%billing_orders")
                .containsEntry("extraInfo", receipt);
    }

    @Test
    void messagesPoppedForAClientThatGaveUpAreHandedBackAtOnce() throws Exception {
        CompletableFuture<RemotingCommand> popped = new CompletableFuture<>();
        grpc.broker.onLater(RequestCode.POP_MESSAGE, request -> popped.thenApply(ignored ->
                found(request, "0 1 7", record("orders", 1, 7, 4096, null, 0))));
        Context.CancellableContext call = Context.current().withCancellation();
        call.run(() -> grpc.asyncStub().receiveMessage(receive().build(), new StreamObserver<>() {
            @Override
            public void onNext(ReceiveMessageResponse value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> grpc.broker.commands(RequestCode.POP_MESSAGE).size() == 1);

        call.cancel(null);
        popped.complete(null);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> grpc.broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).size() == 1);
        assertThat(grpc.broker.only(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).extFields())
                .containsEntry("invisibleTime", "1000")
                .containsEntry("offset", "7");
    }

    @Test
    void aCallWithoutClientIdIsRefused() {
        List<ReceiveMessageResponse> answer = new java.util.ArrayList<>();
        grpc.anonymousStub().receiveMessage(receive().build()).forEachRemaining(answer::add);

        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);
    }

    static com.google.protobuf.Duration seconds(long seconds) {
        return ProtoTimes.duration(seconds * 1000);
    }

    private void assertRefused(ReceiveMessageRequest.Builder request, Code code) {
        List<ReceiveMessageResponse> answer = grpc.receive(request.build());
        assertThat(answer).extracting(ReceiveMessageResponse::getContentCase)
                .containsExactly(ContentCase.STATUS, ContentCase.DELIVERY_TIMESTAMP);
        assertThat(answer.get(0).getStatus().getCode()).as(request.toString()).isEqualTo(code);
    }
}
