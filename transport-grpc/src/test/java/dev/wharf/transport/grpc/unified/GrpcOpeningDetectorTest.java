package dev.wharf.transport.grpc.unified;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcOpeningDetectorTest {

    private final GrpcOpeningDetector detector = new GrpcOpeningDetector();

    @Test
    void recognisesItsSampleOnlyOnceTheWholeHeaderBlockArrived() {
        byte[] sample = detector.sampleOpenings().get(0);
        for (int length = 1; length < sample.length; length++) {
            assertThat(detector.detect(Unpooled.wrappedBuffer(Arrays.copyOf(sample, length))))
                    .as("after %d of %d bytes", length, sample.length).isEqualTo(Result.NEED_MORE_DATA);
        }
        assertThat(detector.detect(Unpooled.wrappedBuffer(sample))).isEqualTo(Result.RECOGNIZED);
    }

    @ParameterizedTest
    @CsvSource({
        "application/grpc, RECOGNIZED",
        "application/grpc+proto, RECOGNIZED",
        "Application/GRPC, RECOGNIZED",
        "application/json, UNRECOGNIZED",
        "text/plain, UNRECOGNIZED"})
    void decidesByTheFirstRequestsContentTypeEncodedAsHpackDoes(String contentType, Result expected) throws Exception {
        ByteBuf opening = Unpooled.buffer();
        opening.writeBytes(Http2CodecUtil.connectionPrefaceBuf());
        opening.writeBytes(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
        ByteBuf block = Unpooled.buffer();
        new DefaultHttp2HeadersEncoder().encodeHeaders(3, new DefaultHttp2Headers()
                .method("POST").scheme("http").path("/apache.rocketmq.v2.MessagingService/QueryRoute")
                .authority("127.0.0.1:8081").add("content-type", contentType).add("te", "trailers")
                .add("x-mq-client-id", "c1"), block);
        // Split over a HEADERS and a CONTINUATION frame, padded, with a priority, to exercise each field.
        int half = block.readableBytes() / 2;
        opening.writeMedium(1 + 5 + half + 2).writeByte(1).writeByte(0x08 | 0x20).writeInt(3)
                .writeByte(2).writeBytes(new byte[5]).writeBytes(block, half).writeBytes(new byte[2]);
        opening.writeMedium(block.readableBytes()).writeByte(9).writeByte(0x4).writeInt(3).writeBytes(block);

        assertThat(detector.detect(opening)).isEqualTo(expected);
        assertThat(opening.readerIndex()).as("nothing consumed").isZero();
    }

    @Test
    void turnsAwayAnythingButTheHttp2Preface() {
        assertThat(detector.detect(Unpooled.copiedBuffer(new byte[] {0, 0, 0, 16}))).isEqualTo(Result.UNRECOGNIZED);
        assertThat(detector.detect(Unpooled.copiedBuffer("PRI * HTTP/1.1".getBytes()))).isEqualTo(Result.UNRECOGNIZED);
        assertThat(detector.detect(Unpooled.wrappedBuffer(
                ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf())))).isEqualTo(Result.NEED_MORE_DATA);
    }
}
