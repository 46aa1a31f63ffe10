package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSocketOpeningDetectorTest {

    private final WebSocketOpeningDetector detector = new WebSocketOpeningDetector();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /v1/ws HTTP/1.1 | RECOGNIZED",
        "GET /v1/ws?token=x  | RECOGNIZED",
        "GET /v1/ws          | NEED_MORE_DATA",
        "GET /v1/w           | NEED_MORE_DATA",
        "GET /v1/wsx HTTP/1.1| UNRECOGNIZED",
        "GET /v1/topics      | UNRECOGNIZED",
        "POST /v1/ws         | UNRECOGNIZED"})
    void recognisesTheHandshakeRequestLine(String opening, Result expected) {
        assertThat(detector.detect(Unpooled.copiedBuffer(opening, StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1", "5", "10", "11"})
    void theSampleIsRecognisedOnceTheCharacterAfterThePathArrived(int length) {
        byte[] sample = detector.sampleOpenings().get(0);
        Result result = detector.detect(Unpooled.wrappedBuffer(sample, 0, length));
        assertThat(result).isEqualTo(length > 10 ? Result.RECOGNIZED : Result.NEED_MORE_DATA);
    }
}
