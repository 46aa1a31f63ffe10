package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Two fake clients switched in slices: what each side is credited with, and the run's shape. */
class AlternatingLoadTest {

    private static final Duration SLICE = Duration.ofMillis(20);

    private static ProduceSettings settings(String address, SendMode mode, long messageLimit, Duration duration) {
        return new ProduceSettings(new LoadTarget(LoadTarget.Protocol.GRPC, address, false, "t"), "", 16, 3,
                Duration.ZERO, duration, messageLimit, mode, 8, Duration.ofSeconds(3));
    }

    private static ProduceSettings settings(String address) {
        return settings(address, SendMode.SYNC, 0, SLICE.multipliedBy(8));
    }

    @Test
    void eachSideIsCreditedOnlyWithItsOwnClientsSends() throws Exception {
        FakeClients clients = new FakeClients("127.0.0.1:2");

        AlternationReport report = new AlternatingLoad(settings("127.0.0.1:1"), settings("127.0.0.1:2"), SLICE)
                .run(clients::open);

        assertThat(clients.opened).containsExactly("127.0.0.1:1", "127.0.0.1:2");
        assertThat(clients.closed).containsExactlyInAnyOrder("127.0.0.1:1", "127.0.0.1:2");
        assertThat(report.first().messages()).isPositive().isLessThanOrEqualTo(clients.sends("127.0.0.1:1"));
        assertThat(report.first().bytes()).isEqualTo(report.first().messages() * 16);
        assertThat(report.versus().messages()).as("every send to the failing side failed").isZero();
        assertThat(report.errors()).isEqualTo(clients.sends("127.0.0.1:2")).isPositive();
        assertThat(report.firstError()).isEqualTo("java.lang.IllegalStateException: refused by 127.0.0.1:2");
        assertThat(report.ratio()).isZero();
    }

    @Test
    void bothSidesGetHalfTheMeasuredTimeInWholeBlocksOfFourSlices() throws Exception {
        FakeClients clients = new FakeClients("none");

        AlternationReport report = new AlternatingLoad(settings("127.0.0.1:1"), settings("127.0.0.1:2"), SLICE)
                .run(clients::open);

        assertThat(report.blockRatios()).hasSize(2);
        assertThat(report.first().elapsedNanos()).isGreaterThanOrEqualTo(SLICE.multipliedBy(4).toNanos());
        assertThat(report.versus().elapsedNanos()).isGreaterThanOrEqualTo(SLICE.multipliedBy(4).toNanos());
        assertThat(report.versus().messages()).isPositive();
        assertThat(report.ratio()).isEqualTo(
                report.versus().messagesPerSecond() / report.first().messagesPerSecond());
        assertThat(report.throughput().messages()).isEqualTo(report.first().messages() + report.versus().messages());
        assertThat(report.json()).contains("\"kind\":\"alternation\"", "\"versus\":\"127.0.0.1:2\"");
    }

    @Test
    void theMeasuredPartIsRoundedToWholeBlocksOfFour() {
        Duration slice = Duration.ofSeconds(2);
        assertThat(new AlternatingLoad(settings("a", SendMode.SYNC, 0, Duration.ofSeconds(1)),
                settings("b"), slice).measuredSlices()).isEqualTo(4);
        assertThat(new AlternatingLoad(settings("a", SendMode.SYNC, 0, Duration.ofSeconds(20)),
                settings("b"), slice).measuredSlices()).isEqualTo(12);
    }

    @Test
    void refusesAsyncSendsAMessageLimitAndAnEmptySlice() {
        assertThatThrownBy(() -> new AlternatingLoad(settings("a", SendMode.ASYNC, 0, SLICE), settings("b"), SLICE))
                .hasMessageContaining("synchronously");
        assertThatThrownBy(() -> new AlternatingLoad(settings("a", SendMode.SYNC, 10, SLICE), settings("b"), SLICE))
                .hasMessageContaining("--messages");
        assertThatThrownBy(() -> new AlternatingLoad(settings("a"), settings("b"), Duration.ZERO))
                .hasMessageContaining("slice");
    }

    /** One fake client per address; sends to {@code failing} are refused, the others acknowledged at once. */
    private static final class FakeClients {

        private final String failing;
        private final List<String> opened = new CopyOnWriteArrayList<>();
        private final List<String> closed = new CopyOnWriteArrayList<>();
        private final Map<String, LongAdder> sends = new ConcurrentHashMap<>();

        FakeClients(String failing) {
            this.failing = failing;
        }

        long sends(String address) {
            return sends.get(address).sum();
        }

        MessageSender open(ProduceSettings settings, byte[] body) {
            String address = settings.target().address();
            opened.add(address);
            LongAdder count = sends.computeIfAbsent(address, ignored -> new LongAdder());
            return new MessageSender() {
                @Override
                public void send() {
                    count.increment();
                    if (address.equals(failing)) {
                        throw new IllegalStateException("refused by " + address);
                    }
                    Thread.onSpinWait();
                }

                @Override
                public CompletableFuture<Void> sendAsync() {
                    return CompletableFuture.failedFuture(new IllegalStateException("alternating runs send synchronously"));
                }

                @Override
                public void close() {
                    closed.add(address);
                }
            };
        }
    }
}
