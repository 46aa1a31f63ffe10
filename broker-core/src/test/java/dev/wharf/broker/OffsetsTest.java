package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageIds;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetsTest {

    @TempDir
    Path dir;

    @Test
    void committedOffsetsTopicsAndGroupsSurviveARestart() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 2, TopicMessageType.FIFO);
            broker.broker().groups().create("billing");
            broker.call(Requests.sendV2("orders", 1, "a", null));
            assertThat(broker.call(Requests.updateOffset("billing", "orders", 1, 1)).code())
                    .isEqualTo(ResponseCode.SUCCESS);

            broker.restart();

            RemotingCommand answer = broker.call(Requests.queryOffset("billing", "orders", 1));
            assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(answer.extField("offset")).isEqualTo("1");
            assertThat(broker.broker().topics().get("orders")).hasValueSatisfying(topic ->
                    assertThat(topic.messageType()).isEqualTo(TopicMessageType.FIFO));
            assertThat(broker.broker().groups().get("billing")).isPresent();
            assertThat(broker.call(queueOffset(RequestCode.GET_MAX_OFFSET, "orders", 1)).extField("offset"))
                    .isEqualTo("1");
        }
    }

    @Test
    void committedOffsetsAreWrittenPeriodicallyWithoutWaitingForClose() {
        try (BrokerHarness broker = BrokerHarness.start(dir,
                config -> config.withOffsetFlushInterval(Duration.ofMillis(50)))) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);

            broker.call(Requests.updateOffset("billing", "orders", 0, 42));

            Path file = dir.resolve("config/consumerOffsets.json");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file)
                    && Files.readString(file).contains("\"orders@billing\":{\"0\":42}"));
        }
    }

    @Test
    void aGroupThatNeverCommittedStartsAtZeroWhileTheQueueKeepsItsFirstMessage() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);

            RemotingCommand answer = broker.call(Requests.queryOffset("fresh", "orders", 0));

            assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(answer.extField("offset")).isEqualTo("0");
        }
    }

    @Test
    void askingNotToDefaultToZeroIsQueryNotFound() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);

            RemotingCommand answer = broker.call(Requests.queryOffset("fresh", "orders", 0)
                    .toBuilder().extField("setZeroIfNotFound", false).build());

            assertThat(answer.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        }
    }

    @Test
    void queueBoundsAndTimeIndexAnswerFromTheStore() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
            long before = System.currentTimeMillis();
            broker.call(Requests.sendV2("orders", 0, "a", null));
            broker.call(Requests.sendV2("orders", 0, "b", null));

            assertThat(broker.call(queueOffset(RequestCode.GET_MIN_OFFSET, "orders", 0)).extField("offset")).isEqualTo("0");
            assertThat(broker.call(queueOffset(RequestCode.GET_MAX_OFFSET, "orders", 0)).extField("offset")).isEqualTo("2");
            long earliest = Long.parseLong(
                    broker.call(queueOffset(RequestCode.GET_EARLIEST_MSG_STORETIME, "orders", 0)).extField("timestamp"));
            assertThat(earliest).isGreaterThanOrEqualTo(before);
            RemotingCommand search = broker.call(queueOffset(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "orders", 0)
                    .toBuilder().extField("timestamp", before).extField("boundaryType", "lower").build());
            assertThat(search.extField("offset")).isEqualTo("0");
        }
    }

    @Test
    void viewByIdReturnsTheRawRecordAtTheDecodedOffset() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
            broker.call(Requests.sendV2("orders", 0, "a", null));
            RemotingCommand sent = broker.call(Requests.sendV2("orders", 0, "b", null));
            long offset = MessageIds.decode(sent.extField("msgId")).commitLogOffset();

            RemotingCommand viewed = broker.call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                    .extField("offset", offset).build());
            RemotingCommand missing = broker.call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                    .extField("offset", offset + 1).build());

            assertThat(StoredMessageCodec.decodeAll(viewed.body()))
                    .singleElement().satisfies(message -> assertThat(message.body()).isEqualTo("b".getBytes()));
            assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(missing.remark()).contains(Long.toString(offset + 1));
        }
    }

    static RemotingCommand queueOffset(int code, String topic, int queueId) {
        return RemotingCommand.request(code).extField("topic", topic).extField("queueId", queueId).build();
    }
}
