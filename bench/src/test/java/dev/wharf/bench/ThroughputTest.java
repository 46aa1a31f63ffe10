package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void rateIsMessagesAndMebibytesPerSecondOfTheWindow() {
        Throughput t = new Throughput(20_000, 20_000L * 1024, 2_000_000_000L);

        assertThat(t.messagesPerSecond()).isCloseTo(10_000.0, within(1e-9));
        assertThat(t.mebibytesPerSecond()).isCloseTo(10_000.0 * 1024 / (1024 * 1024), within(1e-9));
        assertThat(t.elapsedSeconds()).isEqualTo(2.0);
    }

    @Test
    void emptyWindowHasZeroRateInsteadOfDividingByZero() {
        Throughput t = new Throughput(0, 0, 0);

        assertThat(t.messagesPerSecond()).isZero();
        assertThat(t.mebibytesPerSecond()).isZero();
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Throughput(-1, 0, 1));
    }
}
