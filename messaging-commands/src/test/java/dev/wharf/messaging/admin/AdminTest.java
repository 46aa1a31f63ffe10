package dev.wharf.messaging.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Admin operations as the commands mqadmin sends, and the broker's answers read back. */
class AdminTest {

    private final RecordingBroker broker = new RecordingBroker();
    private final Admin admin = new Admin(broker.processors());
    private final RequestContext context = new RequestContext(new TestConnection(), 0);

    @Test
    void createsATopicWithItsTypeAsAnAttribute() {
        admin.createTopic(context, "orders", 8, TopicType.FIFO).join();

        var sent = broker.only(RequestCode.UPDATE_AND_CREATE_TOPIC);
        assertThat(sent.extField("topic")).isEqualTo("orders");
        assertThat(sent.extField("writeQueueNums")).isEqualTo("8");
        assertThat(sent.extField("attributes")).isEqualTo("+message.type=FIFO");
    }

    @Test
    void describesATopicWithTheOffsetsOfEachQueue() {
        broker.answerBody(RequestCode.GET_TOPIC_CONFIG, "{\"topicName\":\"orders\",\"readQueueNums\":2,"
                + "\"writeQueueNums\":2,\"attributes\":{\"message.type\":\"DELAY\"}}");
        broker.answerBody(RequestCode.GET_TOPIC_STATS_INFO, "{\"offsetTable\":{"
                + "{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"orders\"}:{\"lastUpdateTimestamp\":9,\"maxOffset\":7,\"minOffset\":2},"
                + "{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"orders\"}:{\"lastUpdateTimestamp\":0,\"maxOffset\":0,\"minOffset\":0}}}");

        TopicDescription topic = admin.describeTopic(context, "orders").join();

        assertThat(topic.messageType()).isEqualTo("DELAY");
        assertThat(topic.queues()).containsExactly(new QueueOffsets(0, 0, 0, 0), new QueueOffsets(1, 2, 7, 9));
    }

    @Test
    void reportsAnUnknownTopicAsNotFound() {
        broker.refuse(RequestCode.GET_TOPIC_CONFIG, ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker");

        assertThatThrownBy(() -> admin.deleteTopic(context, "nowhere").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(((MessagingException) e).code()).isEqualTo(ErrorCode.TOPIC_NOT_FOUND));
        assertThat(broker.commands(RequestCode.DELETE_TOPIC_IN_BROKER)).isEmpty();
    }

    @Test
    void readsAGroupsOffsetsAndLagOnlyWhenTheGroupExists() {
        broker.answerBody(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                "{\"subscriptionGroupTable\":{\"billing\":{\"retryMaxTimes\":3,\"consumeMessageOrderly\":true}}}");
        broker.answerBody(RequestCode.GET_CONSUME_STATS, "{\"consumeTps\":0.0,\"offsetTable\":{"
                + "{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"orders\"}:{\"brokerOffset\":10,\"consumerOffset\":4,"
                + "\"lastTimestamp\":0,\"pullOffset\":4}}}");

        GroupOffsets offsets = admin.groupOffsets(context, "billing").join();

        assertThat(offsets.totalLag()).isEqualTo(6);
        assertThat(admin.listGroups(context).join()).containsExactly(new GroupSummary("billing", 3, true));
        assertThatThrownBy(() -> admin.groupOffsets(context, "nobody").join())
                .cause().isInstanceOf(MessagingException.class)
                .hasMessageContaining("'nobody' does not exist");
    }

    @Test
    void refusesBadNamesAndCountsBeforeAskingTheBroker() {
        assertThatThrownBy(() -> admin.createTopic(context, "orders", 0, TopicType.NORMAL).join())
                .cause().hasMessageContaining("queues 0");
        assertThatThrownBy(() -> admin.createGroup(context, "bad name", OptionalInt.empty(), false).join())
                .cause().isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> TopicType.parse("LOUD")).hasMessageContaining("NORMAL, FIFO, DELAY or TRANSACTION");
        assertThat(broker.received()).isEmpty();
        assertThat(List.of(TopicType.values())).hasSize(4);
    }
}
