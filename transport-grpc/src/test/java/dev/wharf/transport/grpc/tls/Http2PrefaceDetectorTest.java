package dev.wharf.transport.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProtocolDetector.Result;
import dev.wharf.transport.tls.Openings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http2PrefaceDetectorTest {

    private final Http2PrefaceDetector detector = new Http2PrefaceDetector();

    @Test
    void recognisesThePrefaceAndWhatFollowsItWithoutConsuming() {
        ByteBuf in = Unpooled.wrappedBuffer(Openings.H2C);

        assertThat(detector.detect(in)).isEqualTo(Result.RECOGNIZED);
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void waitsWhileTheBytesSoFarAreAPrefixOfThePreface() {
        for (int length = 0; length < Http2PrefaceDetector.PREFACE.length; length++) {
            assertThat(detector.detect(Unpooled.wrappedBuffer(Http2PrefaceDetector.PREFACE, 0, length)))
                    .as("%d bytes", length)
                    .isEqualTo(Result.NEED_MORE_DATA);
        }
    }

    @Test
    void turnsAwayHttp11AtItsFirstByteAndAWrongPrefaceWhereItDiffers() {
        assertThat(detector.detect(Unpooled.copiedBuffer("G", StandardCharsets.US_ASCII))).isEqualTo(Result.UNRECOGNIZED);
        assertThat(detector.detect(Unpooled.copiedBuffer("PRI * HTTP/1.1", StandardCharsets.US_ASCII)))
                .isEqualTo(Result.UNRECOGNIZED);
    }
}
