package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    /** A received message of any client, reduced to what a drain measures. */
    private record Received(int bodyBytes, long bornMillis) {}

    private static Arrivals expecting(long messages) {
        return new Arrivals(new DrainLimits(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(1), messages));
    }

    private static void record(Arrivals arrivals, Received... messages) {
        arrivals.record(List.of(messages), Received::bodyBytes, Received::bornMillis);
    }

    @Test
    void isOverOnceTheExpectedCountArrived() {
        Arrivals arrivals = expecting(3);
        long now = System.currentTimeMillis();

        record(arrivals, new Received(100, now), new Received(100, now));
        assertThat(arrivals.over()).isFalse();
        record(arrivals, new Received(50, now));

        assertThat(arrivals.over()).isTrue();
        DrainResult result = arrivals.result();
        assertThat(result.delivered()).isEqualTo(3);
        assertThat(result.throughput().messages()).isEqualTo(3);
        assertThat(result.throughput().bytes()).isEqualTo(250);
        assertThat(result.firstMessageMillis()).isNotNegative();
    }

    @Test
    void endToEndLatencyRunsFromTheBornTimestamp() {
        Arrivals arrivals = expecting(1);

        record(arrivals, new Received(1, System.currentTimeMillis() - 60_000));

        assertThat(arrivals.result().endToEnd().p50Micros()).isGreaterThanOrEqualTo(59_000_000);
    }

    @Test
    void clientCpuRunsFromTheFirstMessageToTheEndOfTheDrain() throws InterruptedException {
        Arrivals arrivals = expecting(2);
        long now = System.currentTimeMillis();

        record(arrivals, new Received(1, now), new Received(1, now));
        arrivals.awaitOver();

        assertThat(arrivals.result().clientCpuMicrosPerMessage()).isNotNegative();
    }

    @Test
    void nothingArrivedIsAnEmptyResult() {
        DrainResult result = expecting(0).result();

        assertThat(result.delivered()).isZero();
        assertThat(result.throughput().messages()).isZero();
        assertThat(result.firstMessageMillis()).isEqualTo(-1);
        assertThat(result.clientCpuMicrosPerMessage()).isEqualTo(-1);
    }
}
