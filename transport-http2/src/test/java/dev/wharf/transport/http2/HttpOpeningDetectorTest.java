package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpOpeningDetectorTest {

    private final HttpOpeningDetector detector = new HttpOpeningDetector();

    @Test
    void recognisesEachSampleOnlyOnceItsDistinguishingBytesArrived() {
        for (byte[] sample : detector.sampleOpenings()) {
            int decidedAt = -1;
            for (int length = 1; length <= sample.length && decidedAt < 0; length++) {
                Result result = detector.detect(Unpooled.wrappedBuffer(Arrays.copyOf(sample, length)));
                assertThat(result).isNotEqualTo(Result.UNRECOGNIZED);
                if (result == Result.RECOGNIZED) {
                    decidedAt = length;
                }
            }
            assertThat(decidedAt).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/health HTTP/1.1", "DELETE /v1/topics/t HTTP/1.1", "OPTIONS * HTTP/1.1",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"})
    void recognisesHttpOpenings(String opening) {
        assertThat(detect(opening)).isEqualTo(Result.RECOGNIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\0\0\0\u0010", "\u0016\u0003\u0001", "GETX", "PRI * HTTP/1.1", "post /"})
    void turnsAwayTheRest(String opening) {
        assertThat(detect(opening)).isEqualTo(Result.UNRECOGNIZED);
    }

    @Test
    void waitsOnAPrefixSeveralMethodsShare() {
        assertThat(detect("P")).isEqualTo(Result.NEED_MORE_DATA);
        assertThat(detect("PU")).isEqualTo(Result.NEED_MORE_DATA);
    }

    private Result detect(String opening) {
        return detector.detect(Unpooled.copiedBuffer(opening, StandardCharsets.ISO_8859_1));
    }
}
