package dev.wharf.transport.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import apache.rocketmq.v2.Code;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import org.junit.jupiter.api.Test;

class PollingTimeTest {

    @Test
    void theAskedTimeIsKeptBetweenFiveAndTwentySeconds() {
        assertThat(PollingTime.millis(ProtoTimes.duration(15_000), Long.MAX_VALUE)).isEqualTo(15_000);
        assertThat(PollingTime.millis(ProtoTimes.duration(1_000), Long.MAX_VALUE)).isEqualTo(5_000);
        assertThat(PollingTime.millis(ProtoTimes.duration(60_000), Long.MAX_VALUE)).isEqualTo(20_000);
    }

    @Test
    void withoutAnAskedTimeTheDeadlineLessHalfARequestTimeoutIsUsed() {
        assertThat(PollingTime.millis(null, 12_000)).isEqualTo(10_500);
        assertThat(PollingTime.millis(null, Long.MAX_VALUE)).isEqualTo(20_000);
    }

    @Test
    void aPollNeverOutlastsTheDeadline() {
        assertThat(PollingTime.millis(ProtoTimes.duration(20_000), 7_000)).isEqualTo(7_000);
        assertThatThrownBy(() -> PollingTime.millis(ProtoTimes.duration(20_000), 4_999))
                .isInstanceOfSatisfying(GrpcStatusException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.ILLEGAL_POLLING_TIME));
    }
}
