package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void cpuPerMessageIsTheDifferenceInMicrosDividedByMessages() {
        assertThat(ProcessCpu.microsPerMessage(1_000_000L, 3_000_000L, 40)).isEqualTo(50.0);
    }

    @Test
    void unknownOrEmptyMeasurementsAreMinusOne() {
        assertThat(ProcessCpu.microsPerMessage(-1, 5, 10)).isEqualTo(-1);
        assertThat(ProcessCpu.microsPerMessage(5, 10, 0)).isEqualTo(-1);
    }

    @Test
    void thisJvmReportsItsOwnCpuTime() {
        assertThat(ProcessCpu.nanos()).isPositive();
    }
}
