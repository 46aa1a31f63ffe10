package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matching helpers detectors share: a fixed prefix, and the request line of one HTTP path. */
class ProtocolDetectorTest {

    private static final byte[] REQUEST_LINE = "GET /v1/ws".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "GET /v1/ws HTTP/1.1|RECOGNIZED",
        "GET /v1/ws?token=t HTTP/1.1|RECOGNIZED",
        "GET /v1/ws|NEED_MORE_DATA",
        "GET /v1|NEED_MORE_DATA",
        "G|NEED_MORE_DATA",
        "GET /v1/wsx HTTP/1.1|UNRECOGNIZED",
        "GET /v1/ws/ HTTP/1.1|UNRECOGNIZED",
        "POST /v1/ws HTTP/1.1|UNRECOGNIZED",
        "GET /v2|UNRECOGNIZED"})
    void aRequestLineMatchesOnlyItsOwnPathWhateverHasArrived(String opening, Result expected) {
        ByteBuf in = Unpooled.copiedBuffer(opening, StandardCharsets.US_ASCII);
        try {
            assertThat(ProtocolDetector.matchRequestLine(in, REQUEST_LINE)).isEqualTo(expected);
            assertThat(in.readerIndex()).as("detection reads nothing").isZero();
        } finally {
            in.release();
        }
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {"MQTT|RECOGNIZED", "MQTTv5|RECOGNIZED", "MQ|NEED_MORE_DATA", "MX|UNRECOGNIZED"})
    void aPrefixIsRecognisedOnceWholeAndRefusedAtItsFirstWrongByte(String opening, Result expected) {
        ByteBuf in = Unpooled.copiedBuffer(opening, StandardCharsets.US_ASCII);
        try {
            assertThat(ProtocolDetector.matchPrefix(in, "MQTT".getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
        } finally {
            in.release();
        }
    }
}
