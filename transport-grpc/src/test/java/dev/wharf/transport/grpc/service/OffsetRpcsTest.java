package dev.wharf.transport.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Broker;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.GetOffsetRequest;
import apache.rocketmq.v2.GetOffsetResponse;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.QueryOffsetPolicy;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.QueryOffsetResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.UpdateOffsetRequest;
import apache.rocketmq.v2.UpdateOffsetResponse;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OffsetRpcsTest {

    private static final MessageQueue QUEUE = MessageQueue.newBuilder()
            .setTopic(Resource.newBuilder().setName("orders"))
            .setId(3)
            .setBroker(Broker.newBuilder().setName("broker-a"))
            .build();
    private static final Resource GROUP = Resource.newBuilder().setName("billing").build();

    private final MessagingFixture grpc = new MessagingFixture();

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    private void answerOffset(int code, long offset) {
        grpc.broker.on(code, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("offset", offset).build());
    }

    @Test
    void updateOffsetCommitsTheGroupsOffsetOfTheQueue() {
        UpdateOffsetResponse answer = grpc.stub().updateOffset(UpdateOffsetRequest.newBuilder()
                .setGroup(GROUP).setMessageQueue(QUEUE).setOffset(42).build());

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(grpc.broker.only(RequestCode.UPDATE_CONSUMER_OFFSET).extFields())
                .containsEntry("consumerGroup", "billing")
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "3")
                .containsEntry("commitOffset", "42");
    }

    @Test
    void getOffsetReadsTheCommittedOffsetWithoutMakingOneUp() {
        answerOffset(RequestCode.QUERY_CONSUMER_OFFSET, 42);

        GetOffsetResponse answer = grpc.stub().getOffset(GetOffsetRequest.newBuilder()
                .setGroup(GROUP).setMessageQueue(QUEUE).build());

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(answer.getOffset()).isEqualTo(42);
        assertThat(grpc.broker.only(RequestCode.QUERY_CONSUMER_OFFSET).extFields())
                .containsEntry("consumerGroup", "billing")
                .containsEntry("queueId", "3")
                .containsEntry("setZeroIfNotFound", "false");
    }

    @Test
    void aGroupThatNeverCommittedHasNoOffset() {
        grpc.broker.refuse(RequestCode.QUERY_CONSUMER_OFFSET, ResponseCode.QUERY_NOT_FOUND, "Not found");

        GetOffsetResponse answer = grpc.stub().getOffset(GetOffsetRequest.newBuilder()
                .setGroup(GROUP).setMessageQueue(QUEUE).build());

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.OFFSET_NOT_FOUND);
    }

    @Test
    void queryOffsetFindsTheQueuesBeginningEndOrTheOffsetOfATime() {
        answerOffset(RequestCode.GET_MIN_OFFSET, 5);
        answerOffset(RequestCode.GET_MAX_OFFSET, 50);
        answerOffset(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, 17);

        QueryOffsetResponse beginning = query(QueryOffsetPolicy.BEGINNING);
        QueryOffsetResponse end = query(QueryOffsetPolicy.END);
        QueryOffsetResponse atTime = grpc.stub().queryOffset(QueryOffsetRequest.newBuilder().setMessageQueue(QUEUE)
                .setQueryOffsetPolicy(QueryOffsetPolicy.TIMESTAMP)
                .setTimestamp(ProtoTimes.timestamp(1_700_000_000_000L)).build());

        assertThat(beginning.getOffset()).isEqualTo(5);
        assertThat(end.getOffset()).isEqualTo(50);
        assertThat(atTime.getOffset()).isEqualTo(17);
        assertThat(grpc.broker.only(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP).extFields())
                .containsEntry("topic", "orders")
                .containsEntry("queueId", "3")
                .containsEntry("timestamp", "1700000000000");
        assertThat(grpc.broker.only(RequestCode.GET_MAX_OFFSET).extField("queueId")).isEqualTo("3");
    }

    @Test
    void aTimestampQueryWithoutATimestampIsABadRequest() {
        QueryOffsetResponse answer = query(QueryOffsetPolicy.TIMESTAMP);

        assertThat(answer.getStatus().getCode()).isEqualTo(Code.BAD_REQUEST);
        assertThat(grpc.broker.commands(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)).isEmpty();
    }

    @Test
    void anUnknownQueueIsTheBrokersRefusal() {
        grpc.broker.refuse(RequestCode.GET_MAX_OFFSET, ResponseCode.TOPIC_NOT_EXIST, "topic[orders] not exist");

        assertThat(query(QueryOffsetPolicy.END).getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
    }

    private QueryOffsetResponse query(QueryOffsetPolicy policy) {
        return grpc.stub().queryOffset(QueryOffsetRequest.newBuilder().setMessageQueue(QUEUE)
                .setQueryOffsetPolicy(policy).build());
    }
}
