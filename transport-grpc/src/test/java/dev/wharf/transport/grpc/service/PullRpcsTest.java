package dev.wharf.transport.grpc.service;

import static dev.wharf.messaging.testing.PopAnswers.record;
import static dev.wharf.transport.grpc.service.ReceiveRpcsTest.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Broker;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse.ContentCase;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.Resource;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PullRpcsTest {

    private final MessagingFixture grpc = new MessagingFixture();

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    private static PullMessageRequest.Builder pull() {
        return PullMessageRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName("billing"))
                .setMessageQueue(MessageQueue.newBuilder()
                        .setTopic(Resource.newBuilder().setName("orders"))
                        .setId(2)
                        .setBroker(Broker.newBuilder().setName("broker-a")))
                .setOffset(40)
                .setBatchSize(8)
                .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("TagA"))
                .setLongPollingTimeout(seconds(10));
    }

    private List<PullMessageResponse> call(PullMessageRequest request) {
        List<PullMessageResponse> answer = new ArrayList<>();
        grpc.stub().withDeadlineAfter(30, TimeUnit.SECONDS).pullMessage(request).forEachRemaining(answer::add);
        return answer;
    }

    private static RemotingCommand pulled(RemotingCommand request, int code, long next, byte[]... records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] record : records) {
            body.writeBytes(record);
        }
        return RemotingCommand.responseTo(request, code)
                .extField("suggestWhichBrokerId", 0)
                .extField("nextBeginOffset", next)
                .extField("minOffset", 0)
                .extField("maxOffset", 50)
                .body(code == ResponseCode.SUCCESS ? body.toByteArray() : null)
                .build();
    }

    @Test
    void aPullIsOnePullMessageWithItsSubscriptionThatMayWaitAtTheBroker() {
        grpc.broker.on(RequestCode.PULL_MESSAGE, request -> pulled(request, ResponseCode.PULL_NOT_FOUND, 40));

        call(pull().setBatchSize(64).build());

        assertThat(grpc.broker.only(RequestCode.PULL_MESSAGE).extFields())
                .containsEntry("consumerGroup", "billing")
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "2")
                .containsEntry("queueOffset", "40")
                .containsEntry("maxMsgNums", "32")
                .containsEntry("sysFlag", "6")
                .containsEntry("suspendTimeoutMillis", "10000")
                .containsEntry("subscription", "TagA")
                .containsEntry("expressionType", "TAG")
                .containsEntry("bname", "broker-a");
    }

    @Test
    void foundMessagesComeAsStatusThenMessagesThenTheNextOffsetWithoutTagsNotAskedFor() {
        grpc.broker.on(RequestCode.PULL_MESSAGE, request -> pulled(request, ResponseCode.SUCCESS, 43,
                record("orders", 2, 40, 100, "TagA", 0), record("orders", 2, 41, 200, "TagB", 0),
                record("orders", 2, 42, 300, "TagA", 0)));

        List<PullMessageResponse> answer = call(pull().build());

        assertThat(answer).extracting(PullMessageResponse::getContentCase).containsExactly(
                ContentCase.STATUS, ContentCase.MESSAGE, ContentCase.MESSAGE, ContentCase.NEXT_OFFSET);
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(answer.get(1).getMessage().getSystemProperties().getQueueOffset()).isEqualTo(40);
        assertThat(answer.get(2).getMessage().getSystemProperties().getQueueOffset()).isEqualTo(42);
        assertThat(answer.get(2).getMessage().getSystemProperties().hasReceiptHandle()).isFalse();
        assertThat(answer.get(3).getNextOffset()).isEqualTo(43);
    }

    @Test
    void nothingNewIsMessageNotFoundWithTheOffsetToPullFromNext() {
        grpc.broker.on(RequestCode.PULL_MESSAGE, request -> pulled(request, ResponseCode.PULL_NOT_FOUND, 40));

        List<PullMessageResponse> answer = call(pull().build());

        assertThat(answer).extracting(PullMessageResponse::getContentCase)
                .containsExactly(ContentCase.STATUS, ContentCase.NEXT_OFFSET);
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.MESSAGE_NOT_FOUND);
        assertThat(answer.get(1).getNextOffset()).isEqualTo(40);
    }

    @Test
    void anOffsetOutsideTheQueueIsIllegalAndSaysWhereToGoOn() {
        grpc.broker.on(RequestCode.PULL_MESSAGE, request -> pulled(request, ResponseCode.PULL_OFFSET_MOVED, 12));

        List<PullMessageResponse> answer = call(pull().build());

        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.ILLEGAL_OFFSET);
        assertThat(answer.get(1).getNextOffset()).isEqualTo(12);
    }

    @Test
    void aBrokerRefusalIsOneStatus() {
        grpc.broker.refuse(RequestCode.PULL_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[orders] not exist");

        List<PullMessageResponse> answer = call(pull().build());

        assertThat(answer).extracting(PullMessageResponse::getContentCase).containsExactly(ContentCase.STATUS);
        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
    }

    @Test
    void aNegativeOffsetIsRefusedBeforeTheBrokerIsAsked() {
        List<PullMessageResponse> answer = call(pull().setOffset(-1).build());

        assertThat(answer.get(0).getStatus().getCode()).isEqualTo(Code.ILLEGAL_OFFSET);
        assertThat(grpc.broker.commands(RequestCode.PULL_MESSAGE)).isEmpty();
    }
}
