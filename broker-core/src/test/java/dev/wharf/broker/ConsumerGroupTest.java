package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.broker.client.ConsumerData;
import dev.wharf.broker.client.ConsumerMember;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.client.SubscriptionData;
import dev.wharf.transport.spi.LanguageCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerGroupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void membersAreListedAndToldWhenTheGroupChanges() throws IOException {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            TestConnection first = new TestConnection();
            TestConnection second = new TestConnection();

            RemotingCommand beat = broker.call(first, Requests.heartbeat("10.0.0.1@1", "billing", "orders", "*", 1));
            broker.call(second, Requests.heartbeat("10.0.0.2@2", "billing", "orders", "*", 1));

            assertThat(beat.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(beat.extFields()).doesNotContainKey("IS_SUPPORT_HEART_BEAT_V2");
            assertThat(consumerIds(broker)).containsExactly("10.0.0.1@1", "10.0.0.2@2");
            assertThat(first.pushed()).extracting(RemotingCommand::code).contains(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
            RemotingCommand notice = first.pushed().get(first.pushed().size() - 1);
            assertThat(notice.extField("consumerGroup")).isEqualTo("billing");
            assertThat(notice.isOneway()).isTrue();
            int noticesBefore = first.pushed().size();

            broker.call(second, Requests.unregister("10.0.0.2@2", "billing"));

            assertThat(consumerIds(broker)).containsExactly("10.0.0.1@1");
            assertThat(first.pushed()).hasSize(noticesBefore + 1);
        }
    }

    @Test
    void anUnchangedHeartbeatNotifiesNobody() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            TestConnection member = new TestConnection();
            broker.call(member, Requests.heartbeat("10.0.0.1@1", "billing", "orders", "*", 1));
            int notices = member.pushed().size();

            broker.call(member, Requests.heartbeat("10.0.0.1@1", "billing", "orders", "*", 1));

            assertThat(member.pushed()).hasSize(notices);
        }
    }

    @Test
    void aHeartbeatCreatesTheGroupAndItsRetryTopic() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            broker.call(Requests.heartbeat("10.0.0.1@1", "billing", "orders", "*", 1));

            assertThat(broker.broker().groups().get("billing")).isPresent();
            assertThat(broker.broker().topics().get("%RETRY%billing")).hasValueSatisfying(topic ->
                    assertThat(topic.readQueueNums()).isEqualTo(1));
        }
    }

    @Test
    void aGroupWithNobodyOnlineHasNoConsumerList() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                    .extField("consumerGroup", "nobody").build());

            assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(answer.remark()).contains("nobody");
        }
    }

    @Test
    void heartbeatsFromNewerClientsWithV2FieldsAreAccepted() {
        try (BrokerHarness broker = BrokerHarness.start(dir)) {
            String body = "{\"clientID\":\"c@1\",\"consumerDataSet\":[],\"heartbeatFingerprint\":12345,"
                    + "\"producerDataSet\":[{\"groupName\":\"p\"}],\"withoutSub\":false,\"somethingNew\":1}";

            RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                    .body(body.getBytes(StandardCharsets.UTF_8)).build());

            assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void membersWhoseConnectionClosedOrHeartbeatsStoppedExpire() {
        QueueLockTest.MutableClock clock = new QueueLockTest.MutableClock();
        ConsumerRegistry consumers = new ConsumerRegistry(clock, Duration.ofSeconds(120), group -> true);
        TestConnection closing = new TestConnection();
        TestConnection silent = new TestConnection();
        TestConnection alive = new TestConnection();
        register(consumers, closing, "closing", clock);
        register(consumers, silent, "silent", clock);
        clock.advance(Duration.ofSeconds(100));
        register(consumers, alive, "alive", clock);
        closing.deactivate();
        clock.advance(Duration.ofSeconds(30));

        assertThat(consumers.expire()).isEqualTo(2);

        assertThat(consumers.consumerIds("billing")).containsExactly("alive");
        assertThat(alive.pushed()).extracting(RemotingCommand::code).contains(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    }

    private static void register(ConsumerRegistry consumers, TestConnection connection, String clientId, Clock clock) {
        SubscriptionData all = new SubscriptionData(false, "orders", "*", Set.of(), Set.of(), 1, "TAG");
        consumers.register(new ConsumerMember(connection, clientId, LanguageCode.JAVA, 479, clock.millis()),
                new ConsumerData("billing", "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET",
                        List.of(all), false));
    }

    private static List<String> consumerIds(BrokerHarness broker) throws IOException {
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .extField("consumerGroup", "billing").build());
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        JsonNode ids = JSON.readTree(answer.body()).path("consumerIdList");
        return JSON.convertValue(ids, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
