package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesOfOneToTenThousandMicrosAreTheRankedValues() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int micros = 1; micros <= 10_000; micros++) {
            recorder.recordMicros(micros);
        }

        LatencySummary summary = recorder.summary();

        // Three significant digits: each value is exact to 0.1 %.
        assertThat(summary.count()).isEqualTo(10_000);
        assertThat(summary.p50Micros()).isBetween(4_995L, 5_005L);
        assertThat(summary.p99Micros()).isBetween(9_890L, 9_910L);
        assertThat(summary.p999Micros()).isBetween(9_980L, 10_000L);
        assertThat(summary.maxMicros()).isBetween(10_000L, 10_010L);
    }

    @Test
    void summariesAccumulateAcrossCalls() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordMicros(100);
        recorder.summary();
        recorder.recordMicros(300);

        assertThat(recorder.summary().count()).isEqualTo(2);
    }

    @Test
    void nanosecondIntervalsAreRecordedAsMicros() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordNanos(1_000_000L, 1_000_000L + TimeUnit.MILLISECONDS.toNanos(2));

        assertThat(recorder.summary().p50Micros()).isBetween(1_998L, 2_002L);
    }

    @Test
    void negativeAndHugeValuesAreClampedInsteadOfThrowing() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordMicros(-5);
        recorder.recordMicros(Long.MAX_VALUE);

        LatencySummary summary = recorder.summary();
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.p50Micros()).isZero();
    }
}
