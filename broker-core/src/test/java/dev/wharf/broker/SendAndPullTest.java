package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageIds;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendAndPullTest {

    @TempDir
    Path dir;

    @Test
    void sendV2AnswersWithTheOffsetIdQueueAndTheFieldsTheClientReads() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 4, TopicMessageType.NORMAL);

            RemotingCommand first = broker.call(Requests.sendV2("orders", 2, "one", "TagA"));
            RemotingCommand second = broker.call(Requests.sendV2("orders", 2, "two", "TagA"));

            assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(first.extField("queueId")).isEqualTo("2");
            assertThat(first.extField("queueOffset")).isEqualTo("0");
            assertThat(second.extField("queueOffset")).isEqualTo("1");
            assertThat(first.extField("transactionId")).isEqualTo("UNIQ-one");
            assertThat(first.extField("MSG_REGION")).isEqualTo("DefaultRegion");
            assertThat(first.extField("TRACE_ON")).isEqualTo("true");
            MessageIds.OffsetMessageId id = MessageIds.decode(first.extField("msgId"));
            assertThat(id.storeHost()).isEqualTo(BrokerHarness.STORE_HOST);
            assertThat(MessageIds.decode(second.extField("msgId")).commitLogOffset()).isGreaterThan(id.commitLogOffset());
        }
    }

    @Test
    void messagesSentWithEitherHeaderComeBackFromAPullByteForByte() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
            broker.call(Requests.sendV1("orders", 0, "by-v1", "TagA"));
            broker.call(Requests.sendV2("orders", 0, "by-v2", "TagB"));

            RemotingCommand pulled = broker.call(Requests.pull("group", "orders", 0, 0, "*"));

            assertThat(pulled.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(pulled.extField("nextBeginOffset")).isEqualTo("2");
            assertThat(pulled.extField("minOffset")).isEqualTo("0");
            assertThat(pulled.extField("maxOffset")).isEqualTo("2");
            assertThat(pulled.extField("suggestWhichBrokerId")).isEqualTo("0");
            List<StoredMessage> messages = StoredMessageCodec.decodeAll(pulled.body());
            assertThat(messages).extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                    .containsExactly("by-v1", "by-v2");
            StoredMessage first = messages.get(0);
            assertThat(first.topic()).isEqualTo("orders");
            assertThat(first.tags()).isEqualTo("TagA");
            assertThat(first.property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX)).isEqualTo("UNIQ-by-v1");
            assertThat(first.bornHost()).isEqualTo(broker.connection.remoteAddress());
            assertThat(first.bodyCrcMatches()).isTrue();
        }
    }

    @Test
    void batchStoresEachMessageWithItsOwnPropertiesAndAnswersEveryId() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);

            RemotingCommand sent = broker.call(Requests.sendBatch("orders", 0, List.of("a", "b", "c"), "TagA"));

            assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(sent.extField("msgId").split(",")).hasSize(3);
            assertThat(sent.extField("queueOffset")).isEqualTo("0");
            assertThat(sent.extField("MSG_REGION")).isEqualTo("DefaultRegion");
            List<StoredMessage> messages =
                    StoredMessageCodec.decodeAll(broker.call(Requests.pull("group", "orders", 0, 0, "*")).body());
            assertThat(messages).extracting(message -> message.property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
                    .containsExactly("UNIQ-a", "UNIQ-b", "UNIQ-c");
            assertThat(messages).extracting(StoredMessage::queueOffset).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void tagSubscriptionOnlyReturnsTheTagsAskedFor() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
            broker.call(Requests.sendV2("orders", 0, "a", "TagA"));
            broker.call(Requests.sendV2("orders", 0, "b", "TagB"));
            broker.call(Requests.sendV2("orders", 0, "c", "TagC"));
            broker.call(Requests.sendV2("orders", 0, "untagged", null));

            RemotingCommand pulled = broker.call(Requests.pull("group", "orders", 0, 0, "TagA || TagC"));

            assertThat(StoredMessageCodec.decodeAll(pulled.body())).extracting(StoredMessage::tags)
                    .containsExactly("TagA", "TagC");
            assertThat(pulled.extField("nextBeginOffset")).isEqualTo("4");
        }
    }

    @Test
    void pullWithoutSubscriptionUsesTheOneTheGroupsHeartbeatRegistered() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
            broker.call(Requests.sendV2("orders", 0, "a", "TagA"));
            broker.call(Requests.sendV2("orders", 0, "b", "TagB"));
            broker.call(Requests.heartbeat("10.0.0.1@1", "billing", "orders", "TagB", 100));

            RemotingCommand pulled = broker.call(Requests.pull("billing", "orders", 0, 0, 0, null, 0));

            assertThat(StoredMessageCodec.decodeAll(pulled.body())).extracting(StoredMessage::tags).containsExactly("TagB");
        }
    }

    @Test
    void sendToAnUnknownTopicCreatesItWithAtMostTheDefaultQueues() {
        try (BrokerHarness broker = BrokerHarness.start(dir, config -> config.withDefaultQueueNums(2))) {
            RemotingCommand sent = broker.call(Requests.sendV2("fresh", -1, "x", null));

            assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(Integer.parseInt(sent.extField("queueId"))).isBetween(0, 1);
            assertThat(broker.broker().topics().get("fresh")).hasValueSatisfying(topic -> {
                assertThat(topic.writeQueueNums()).isEqualTo(2);
                assertThat(topic.messageType()).isEqualTo(TopicMessageType.NORMAL);
            });
        }
    }

    @Test
    void pullPiggybackCommitsTheConsumersOffset() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
            RemotingCommand pull = Requests.pull("billing", "orders", 0, 0,
                    Requests.PULL_SUBSCRIPTION | Requests.PULL_COMMIT, "*", 0).toBuilder().extField("commitOffset", 7).build();

            broker.call(pull);

            assertThat(broker.call(Requests.queryOffset("billing", "orders", 0)).extField("offset")).isEqualTo("7");
        }
    }
}
