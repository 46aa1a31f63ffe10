package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wharf.broker.pop.OriginalMessageReader;
import dev.wharf.broker.pop.OriginalMessageReader.Read;
import dev.wharf.broker.pop.PopConfig;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The revive service when reading originals fails: nothing lost, nothing spinning, bounded logs. */
class PopReviveTest {

    private static final String GROUP = "billing";
    private static final String TOPIC = "orders";
    private static final String RETRY_TOPIC = "%RETRY%billing_orders";
    /** Revive every 10 ms; failed reads wait 100 ms, then 200 ms repeatedly. */
    private static final PopConfig CONFIG =
            new PopConfig(Duration.ofMillis(10), List.of(Duration.ofMillis(100), Duration.ofMillis(200)));

    @TempDir
    Path dir;

    private final FlakyReader reads = new FlakyReader();
    private final ListAppender<ILoggingEvent> reviveLog = new ListAppender<>();
    private BrokerHarness broker;

    @BeforeEach
    void start() {
        reviveLog.start();
        reviveLogger().addAppender(reviveLog);
        broker = BrokerHarness.start(dir, config -> config.withPop(CONFIG), reads::wrap);
        broker.broker().topics().create(TOPIC, 1, TopicMessageType.NORMAL);
    }

    @AfterEach
    void stop() {
        broker.close();
        reviveLogger().detachAppender(reviveLog);
    }

    @Test
    void aMessageWhoseReadsFailForAWhileIsBroughtBackOnceTheyWork() {
        send("precious");
        reads.failFirst(0, 3);
        pop(50);

        List<StoredMessage> retried = await().atMost(Duration.ofSeconds(10))
                .until(() -> pullAll(RETRY_TOPIC), found -> !found.isEmpty());

        assertThat(retried).extracting(PopRequests::body).containsExactly("precious");
        assertThat(reads.attempts(0)).hasSize(4);
        List<Long> times = reads.attempts(0);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(90);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().inflightCheckpoints() == 0);
        assertThat(pullAll(RETRY_TOPIC)).hasSize(1);
    }

    @Test
    void aReadThatKeepsFailingIsRetriedOnTheBackoffScheduleNeverHot() {
        send("stuck");
        reads.failFirst(0, Integer.MAX_VALUE);
        pop(20);
        await().atMost(Duration.ofSeconds(5)).until(() -> !reads.attempts(0).isEmpty());
        long first = reads.attempts(0).get(0);

        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);

        long window = reads.attempts(0).stream().filter(time -> time <= first + 1500).count();
        // 0, 100, 300, 500 … 1500 ms: at most 9 attempts in the window at 10 ms revive passes.
        assertThat(window).isBetween(4L, 9L);
        assertThat(warnings()).isLessThanOrEqualTo(reads.attempts(0).size());
        assertThat(broker.broker().pop().inflightCheckpoints()).isEqualTo(1);
        assertThat(pullAll(RETRY_TOPIC)).isEmpty();
    }

    @Test
    void aGoneMessageIsDroppedAndOnlyThatOne() {
        send("gone", "kept");
        reads.gone(0);
        pop(20);

        List<StoredMessage> retried = await().atMost(Duration.ofSeconds(5))
                .until(() -> pullAll(RETRY_TOPIC), found -> !found.isEmpty());

        assertThat(retried).extracting(PopRequests::body).containsExactly("kept");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().pop().inflightCheckpoints() == 0);
        assertThat(reviveLog.list).filteredOn(event -> event.getFormattedMessage().contains("dropping un-acked offset 0"))
                .hasSize(1);
    }

    @Test
    void theAttemptCountAndNextAttemptSurviveARestart() {
        send("stubborn");
        reads.failFirst(0, Integer.MAX_VALUE);
        pop(20);
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.attempts(0).size() >= 2);

        broker.restart();
        int before = reads.attempts(0).size();
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.attempts(0).size() > before);
        reads.failFirst(0, 0);

        assertThat(reviveLog.list).anySatisfy(event ->
                assertThat(event.getFormattedMessage()).contains("(attempt " + (before + 1) + ")"));
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> pullAll(RETRY_TOPIC), found -> !found.isEmpty()))
                .extracting(PopRequests::body).containsExactly("stubborn");
    }

    private void send(String... bodies) {
        for (String text : bodies) {
            assertThat(broker.call(Requests.sendV2(TOPIC, 0, text, null)).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private void pop(long invisibleMillis) {
        RemotingCommand answer = broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, invisibleMillis).build());
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private List<StoredMessage> pullAll(String topic) {
        RemotingCommand answer = broker.call(Requests.pull("reader", topic, 0, 0, "*"));
        return answer.code() == ResponseCode.SUCCESS ? StoredMessageCodec.decodeAll(answer.body()) : List.of();
    }

    private long warnings() {
        return reviveLog.list.stream().filter(event -> event.getLevel() == Level.WARN).count();
    }

    private static Logger reviveLogger() {
        return (Logger) LoggerFactory.getLogger("dev.wharf.broker.pop.PopReviveService");
    }

    /** Fails or drops reads of chosen offsets of the test topic, and records when each was attempted. */
    private static final class FlakyReader {
        private final Map<Long, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        private final Set<Long> gone = ConcurrentHashMap.newKeySet();
        private final Map<Long, List<Long>> attempts = new ConcurrentHashMap<>();

        OriginalMessageReader wrap(OriginalMessageReader store) {
            return (topic, queueId, offset) -> {
                if (!topic.equals(TOPIC)) {
                    return store.read(topic, queueId, offset);
                }
                attempts.computeIfAbsent(offset, ignored -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
                if (gone.contains(offset)) {
                    return new Read.Gone("the test removed it");
                }
                AtomicInteger left = failuresLeft.get(offset);
                if (left != null && left.getAndDecrement() > 0) {
                    if (left.get() % 2 == 0) {
                        throw new IllegalStateException("injected read failure");
                    }
                    return new Read.NotNow("injected: not readable yet");
                }
                return store.read(topic, queueId, offset);
            };
        }

        void failFirst(long offset, int times) {
            failuresLeft.put(offset, new AtomicInteger(times));
        }

        void gone(long offset) {
            gone.add(offset);
        }

        List<Long> attempts(long offset) {
            return attempts.getOrDefault(offset, List.of());
        }
    }
}
