package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeasurementWindowTest {

    private static final long START = 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void eventsStartedDuringWarmUpAreNotCounted() {
        MeasurementWindow window = new MeasurementWindow(START, Duration.ofSeconds(5));

        assertThat(window.record(START + 4 * SECOND, START + 6 * SECOND, 1024)).isFalse();
        assertThat(window.record(START + 5 * SECOND, START + 6 * SECOND, 1024)).isTrue();

        assertThat(window.throughput().messages()).isEqualTo(1);
    }

    @Test
    void windowRunsFromEndOfWarmUpToTheLastCountedCompletion() {
        MeasurementWindow window = new MeasurementWindow(START, Duration.ofSeconds(1));

        window.record(START + 2 * SECOND, START + 3 * SECOND, 100);
        window.record(START + SECOND, START + 11 * SECOND, 100);
        window.record(START + 4 * SECOND, START + 5 * SECOND, 100);

        Throughput t = window.throughput();
        assertThat(t.elapsedNanos()).isEqualTo(10 * SECOND);
        assertThat(t.bytes()).isEqualTo(300);
        assertThat(t.messagesPerSecond()).isEqualTo(0.3);
    }

    @Test
    void windowWithNothingCountedIsEmpty() {
        MeasurementWindow window = new MeasurementWindow(START, Duration.ZERO);

        assertThat(window.throughput()).isEqualTo(new Throughput(0, 0, 0));
    }

    @Test
    void countsWorkAcrossTheNanoTimeSignFlip() {
        MeasurementWindow window = new MeasurementWindow(-SECOND, Duration.ofSeconds(2));

        assertThat(window.counts(-SECOND / 2)).isFalse();
        assertThat(window.counts(SECOND)).isTrue();
    }
}
