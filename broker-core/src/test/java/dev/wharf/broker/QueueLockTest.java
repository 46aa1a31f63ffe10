package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueLockTest extends BrokerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock();

    @Override
    BrokerHarness startHarness(Path dataDir) {
        return BrokerHarness.start(dataDir, TransportContext.builder().ioThreads(1).clock(clock).build(),
                config -> config.withLockExpiry(Duration.ofSeconds(60)));
    }

    @Test
    void aQueueBelongsToTheFirstClientUntilItsLockExpires() throws IOException {
        assertThat(lock("client-a", 0, 1)).containsExactly(0, 1);
        assertThat(lock("client-b", 1, 2)).containsExactly(2);
        assertThat(lock("client-a", 0, 1)).as("renewal by the owner").containsExactly(0, 1);

        clock.advance(Duration.ofSeconds(61));

        assertThat(lock("client-b", 0, 1)).containsExactly(0, 1);
    }

    @Test
    void onlyTheOwnerCanUnlock() throws IOException {
        lock("client-a", 0);

        assertThat(unlock("client-b", 0).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(lock("client-b", 0)).isEmpty();

        unlock("client-a", 0);
        assertThat(lock("client-b", 0)).containsExactly(0);
    }

    @Test
    void aBodyWithoutGroupOrClientIsInvalid() {
        RemotingCommand answer = broker.call(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                .body("{\"mqSet\":[]}".getBytes(StandardCharsets.UTF_8)).build());

        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    }

    private List<Integer> lock(String clientId, int... queueIds) throws IOException {
        RemotingCommand answer = broker.call(request(RequestCode.LOCK_BATCH_MQ, clientId, queueIds));
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        List<Integer> locked = new ArrayList<>();
        for (JsonNode queue : JSON.readTree(answer.body()).path("lockOKMQSet")) {
            assertThat(queue.path("topic").asText()).isEqualTo("orders");
            assertThat(queue.path("brokerName").asText()).isEqualTo("broker-a");
            locked.add(queue.path("queueId").asInt());
        }
        return locked.stream().sorted().toList();
    }

    private RemotingCommand unlock(String clientId, int... queueIds) {
        return broker.call(request(RequestCode.UNLOCK_BATCH_MQ, clientId, queueIds));
    }

    private static RemotingCommand request(int code, String clientId, int... queueIds) {
        StringBuilder queues = new StringBuilder();
        for (int queueId : queueIds) {
            queues.append(queues.isEmpty() ? "" : ",")
                    .append("{\"brokerName\":\"broker-a\",\"queueId\":").append(queueId).append(",\"topic\":\"orders\"}");
        }
        String body = "{\"clientId\":\"" + clientId + "\",\"consumerGroup\":\"billing\",\"mqSet\":[" + queues
                + "],\"onlyThisBroker\":false}";
        return RemotingCommand.request(code).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
