package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerMessageTest extends BrokerTestBase {

    /** Generous: the broker aims at a few milliseconds, but tests share a busy machine. */
    private static final long LATE_BOUND_MILLIS = 1_000;
    private static final String TOPIC = "reminders";

    @BeforeEach
    void createTopic() {
        broker.broker().topics().create(TOPIC, 1, TopicMessageType.DELAY);
    }

    @Test
    void eachKindOfDeliveryTimeIsHonouredNeverEarlyAndPromptly() {
        long sentAt = System.currentTimeMillis();
        assertSent(timer("absolute", MessageProperties.TIMER_DELIVER_MS, Long.toString(sentAt + 700)));
        assertSent(timer("seconds", MessageProperties.TIMER_DELAY_SEC, "1"));
        assertSent(timer("millis", MessageProperties.TIMER_DELAY_MS, "400"));

        List<StoredMessage> delivered = awaitDelivered(3);

        assertThat(delivered).extracting(TimerMessageTest::body).containsExactly("millis", "absolute", "seconds");
        assertThat(askedTime(delivered.get(0))).isBetween(sentAt + 400, System.currentTimeMillis());
        assertThat(askedTime(delivered.get(1))).isEqualTo(sentAt + 700);
        assertThat(askedTime(delivered.get(2))).isBetween(sentAt + 1000, System.currentTimeMillis());
        delivered.forEach(TimerMessageTest::assertOnTime);
        assertThat(delivered).allSatisfy(message -> {
            assertThat(message.property(MessageProperties.TIMER_DELAY_SEC)).isNull();
            assertThat(message.property(MessageProperties.TIMER_DELAY_MS)).isNull();
        });
    }

    @Test
    void aHeldMessageWaitsInTheTimerTopicWithItsRealQueueAndDueTime() {
        long dueAt = System.currentTimeMillis() + 60_000;
        assertSent(timer("later", MessageProperties.TIMER_DELIVER_MS, Long.toString(dueAt)));

        List<StoredMessage> held = readAll(TopicNames.TIMER_TOPIC);

        assertThat(held).hasSize(1);
        assertThat(held.get(0).property(MessageProperties.REAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(held.get(0).property(MessageProperties.REAL_QUEUE_ID)).isEqualTo("0");
        assertThat(held.get(0).property(MessageProperties.TIMER_OUT_MS)).isEqualTo(Long.toString(dueAt));
        assertThat(readAll(TOPIC)).isEmpty();
    }

    @Test
    void aDeliveryTimeInThePastOrNowIsDeliveredAtOnce() {
        assertSent(timer("past", MessageProperties.TIMER_DELIVER_MS, Long.toString(System.currentTimeMillis() - 5_000)));
        assertSent(timer("now", MessageProperties.TIMER_DELAY_SEC, "0"));

        assertThat(readAll(TOPIC)).extracting(TimerMessageTest::body).containsExactly("past", "now");
        assertThat(readAll(TopicNames.TIMER_TOPIC)).isEmpty();
    }

    @Test
    void aDeliveryTimeBeyondTheCapIsRefusedNamingTheCap() {
        RemotingCommand relative = broker.call(timer("too late", MessageProperties.TIMER_DELAY_SEC, "259300"));
        RemotingCommand absolute = broker.call(timer("too late", MessageProperties.TIMER_DELIVER_MS,
                Long.toString(System.currentTimeMillis() + Duration.ofDays(4).toMillis())));

        for (RemotingCommand refused : List.of(relative, absolute)) {
            assertThat(refused.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(refused.remark()).contains("maximum delay of PT72H");
        }
        assertThat(readAll(TopicNames.TIMER_TOPIC)).isEmpty();
    }

    @Test
    void aDeliveryTimeThatIsNotANumberIsRefused() {
        RemotingCommand refused = broker.call(timer("soon", MessageProperties.TIMER_DELAY_MS, "soon"));

        assertThat(refused.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(refused.remark()).isEqualTo("the TIMER_DELAY_MS property must be a whole number of milliseconds, "
                + "got 'soon'");
    }

    @Test
    void aBatchCannotCarryADeliveryTime() {
        RemotingCommand refused = broker.call(Requests.sendBatch(TOPIC, 0, List.of("a", "b"), null,
                Map.of(MessageProperties.TIMER_DELAY_MS, "500")));

        assertThat(refused.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(refused.remark()).contains("timer messages cannot be batched");
    }

    @Test
    void aDelayLevelWinsOverADeliveryTime() {
        Map<String, String> properties = Requests.properties(null, "UNIQ-both");
        properties.put(MessageProperties.DELAY_TIME_LEVEL, "1");
        properties.put(MessageProperties.TIMER_DELAY_SEC, "3600");
        assertSent(Requests.sendV2(TOPIC, 0, "both".getBytes(StandardCharsets.UTF_8), properties));

        StoredMessage delivered = awaitDelivered(1).get(0);

        assertThat(delivered.property(MessageProperties.TIMER_DELAY_SEC)).isNull();
        assertThat(delivered.storeTimestamp() - delivered.bornTimestamp()).isBetween(100L, 100 + LATE_BOUND_MILLIS);
    }

    @Test
    void delayLevelsAreDeliveredNoEarlierThanAskedAndPromptly() {
        for (int level : List.of(1, 3, 5)) {
            Map<String, String> properties = Requests.properties(null, "UNIQ-level-" + level);
            properties.put(MessageProperties.DELAY_TIME_LEVEL, Integer.toString(level));
            assertSent(Requests.sendV2(TOPIC, 0, ("level " + level).getBytes(StandardCharsets.UTF_8), properties));
        }

        List<StoredMessage> delivered = awaitDelivered(3);

        for (StoredMessage message : delivered) {
            long asked = 100L * Integer.parseInt(body(message).substring("level ".length()));
            assertThat(message.storeTimestamp() - message.bornTimestamp()).isBetween(asked, asked + LATE_BOUND_MILLIS);
        }
    }

    @Test
    void outstandingTimersAreDeliveredOnTimeAfterARestart() {
        for (int i = 0; i < 5; i++) {
            assertSent(timer("held " + i, MessageProperties.TIMER_DELAY_MS, Integer.toString(1_500 + 100 * i)));
        }

        broker.restart();

        List<StoredMessage> delivered = awaitDelivered(5);
        delivered.forEach(TimerMessageTest::assertOnTime);
        assertThat(delivered).extracting(TimerMessageTest::body)
                .containsExactly("held 0", "held 1", "held 2", "held 3", "held 4");
    }

    @Test
    void timersThatFellDueWhileTheBrokerWasDownAreDeliveredAtStart() {
        long dueAt = System.currentTimeMillis() + 300;
        assertSent(timer("during downtime", MessageProperties.TIMER_DELIVER_MS, Long.toString(dueAt)));
        assertSent(timer("after restart", MessageProperties.TIMER_DELIVER_MS, Long.toString(dueAt + 60_000)));

        long[] startedAt = new long[1];
        broker.restart(() -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > dueAt + 500);
            startedAt[0] = System.currentTimeMillis();
        });

        StoredMessage delivered = awaitDelivered(1).get(0);
        assertThat(body(delivered)).isEqualTo("during downtime");
        assertThat(delivered.storeTimestamp()).isBetween(startedAt[0], startedAt[0] + LATE_BOUND_MILLIS);
        assertThat(readAll(TOPIC)).hasSize(1);
    }

    @Test
    void aCrashBeforeAnyCheckpointDeliversNothingTwice() {
        sendTimers("first", 10, 200);
        awaitDelivered(10);

        // As if the process died before it ever wrote a checkpoint: everything held is looked at again.
        broker.restart(() -> deleteCheckpoint());
        sendTimers("marker", 1, 200);

        assertDeliveredOnceEach(11);
    }

    @Test
    void aCrashAfterAnOldCheckpointDeliversNothingTwiceAndWhatFellDueOnce() throws IOException {
        sendTimers("covered", 5, 200);
        awaitDelivered(5);
        byte[] oldCheckpoint = awaitCheckpointCovering(readAll(TOPIC));
        sendTimers("delivered after the checkpoint", 5, 200);
        awaitDelivered(10);
        long dueAt = System.currentTimeMillis() + 800;
        for (int i = 0; i < 3; i++) {
            assertSent(timer("due while down " + i, MessageProperties.TIMER_DELIVER_MS, Long.toString(dueAt)));
        }

        broker.restart(() -> {
            writeCheckpoint(oldCheckpoint);
            await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > dueAt + 200);
        });
        awaitDelivered(13);
        sendTimers("marker", 1, 200);

        assertDeliveredOnceEach(14);
    }

    @Test
    void tenThousandTimersAreAllDeliveredOnceNeverEarly() {
        int count = 10_000;
        long sentAt = System.currentTimeMillis();
        List<CompletableFuture<RemotingCommand>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Due times spread over two seconds, arriving in no particular order.
            long dueAt = sentAt + 1_000 + (i * 7919L) % 2_000;
            sends.add(broker.dispatch(broker.connection,
                    timer("timer " + i, MessageProperties.TIMER_DELIVER_MS, Long.toString(dueAt))));
        }
        sends.forEach(send -> assertThat(BrokerHarness.await(send).code()).isEqualTo(ResponseCode.SUCCESS));

        List<StoredMessage> delivered = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> readAll(TOPIC), messages -> messages.size() >= count);

        assertThat(delivered).hasSize(count);
        assertThat(delivered).extracting(StoredMessage::messageId).doesNotHaveDuplicates();
        assertThat(delivered).allSatisfy(message ->
                assertThat(message.storeTimestamp()).isGreaterThanOrEqualTo(askedTime(message)));
    }

    private void sendTimers(String prefix, int count, long delayMillis) {
        IntStream.range(0, count).forEach(i ->
                assertSent(timer(prefix + " " + i, MessageProperties.TIMER_DELAY_MS, Long.toString(delayMillis))));
    }

    private void assertDeliveredOnceEach(int expected) {
        List<StoredMessage> delivered = awaitDelivered(expected);
        assertThat(delivered).extracting(StoredMessage::messageId).doesNotHaveDuplicates();
        assertThat(delivered).hasSize(expected);
    }

    private byte[] awaitCheckpointCovering(List<StoredMessage> delivered) {
        long lastDue = delivered.stream().mapToLong(TimerMessageTest::askedTime).max().orElseThrow();
        return await().atMost(Duration.ofSeconds(5)).until(() -> {
            Path file = checkpointFile();
            if (!Files.exists(file)) {
                return null;
            }
            byte[] content = Files.readAllBytes(file);
            String json = new String(content, StandardCharsets.UTF_8);
            long deliveredUpTo = Long.parseLong(json.replaceAll(".*\"deliveredUpTo\":(\\d+).*", "$1"));
            return deliveredUpTo >= lastDue ? content : null;
        }, content -> content != null);
    }

    private Path checkpointFile() {
        return broker.config.metadataDir().resolve("timerCheckpoint.json");
    }

    private void deleteCheckpoint() {
        try {
            Files.delete(checkpointFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeCheckpoint(byte[] content) {
        try {
            Files.write(checkpointFile(), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RemotingCommand timer(String body, String property, String value) {
        Map<String, String> properties = Requests.properties(null, "UNIQ-" + body);
        properties.put(property, value);
        return Requests.sendV2(TOPIC, 0, body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private void assertSent(RemotingCommand send) {
        RemotingCommand answer = broker.call(send);
        assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static void assertOnTime(StoredMessage message) {
        long asked = askedTime(message);
        assertThat(message.storeTimestamp()).as(body(message)).isBetween(asked, asked + LATE_BOUND_MILLIS);
    }

    private static long askedTime(StoredMessage message) {
        return Long.parseLong(message.property(MessageProperties.TIMER_DELIVER_MS));
    }

    private static String body(StoredMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private List<StoredMessage> awaitDelivered(int count) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> readAll(TOPIC), messages -> messages.size() >= count);
    }

    private List<StoredMessage> readAll(String topic) {
        List<StoredMessage> messages = new ArrayList<>();
        long offset = 0;
        while (true) {
            RemotingCommand pulled = broker.call(Requests.pull("reader", topic, 0, offset, "*"));
            if (pulled.code() != ResponseCode.SUCCESS) {
                return messages;
            }
            messages.addAll(StoredMessageCodec.decodeAll(pulled.body()));
            offset = Long.parseLong(pulled.extField("nextBeginOffset"));
        }
    }
}
