package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bodies deflated on connections that negotiated zlib, read back by the decoder, whole or in pieces. */
class CompressedFrameTest {

    private static final byte[] COMPRESSIBLE =
            "the same words again and again; ".repeat(500).getBytes(StandardCharsets.UTF_8);
    private static final int MAX_FRAME = 64 * 1024;

    private final EmbeddedChannel writer = new EmbeddedChannel(RemotingFrameEncoder.INSTANCE);
    private final EmbeddedChannel reader = new EmbeddedChannel(new RemotingFrameDecoder(MAX_FRAME));

    @AfterEach
    void release() {
        writer.finishAndReleaseAll();
        reader.finishAndReleaseAll();
    }

    @Test
    void aCompressingConnectionDeflatesALargeBodyAndMarksTheFrame() {
        compressing(writer);

        ByteBuf frame = encode(command(COMPRESSIBLE));

        int type = frame.getInt(Integer.BYTES) >>> 24;
        assertThat(type & CompressedBody.FLAG).isNotZero();
        assertThat(type & ~CompressedBody.FLAG).isEqualTo(SerializeType.ROCKETMQ.code());
        assertThat(frame.readableBytes()).isLessThan(COMPRESSIBLE.length / 10);
        RemotingCommand decoded = decode(frame);
        assertThat(decoded.body()).isEqualTo(COMPRESSIBLE);
        assertThat(decoded.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(decoded.extField("topic")).isEqualTo("orders");
    }

    @Test
    void smallOrIncompressibleBodiesAndPlainConnectionsLeaveAsTheyAre() {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        byte[] small = new byte[CompressedBody.MIN_LENGTH - 1];

        assertThat(flag(encode(command(COMPRESSIBLE)))).as("baseline connection").isZero();
        compressing(writer);
        assertThat(flag(encode(command(random)))).as("random bytes").isZero();
        assertThat(flag(encode(command(small)))).as("small body").isZero();
    }

    @Test
    void aCompressedFrameArrivingByteByByteIsReadOnceWhole() {
        compressing(writer);
        ByteBuf frame = encode(command(COMPRESSIBLE));

        while (frame.isReadable()) {
            reader.writeInbound(frame.readRetainedSlice(1));
        }
        frame.release();

        RemotingCommand decoded = reader.readInbound();
        assertThat(decoded.body()).isEqualTo(COMPRESSIBLE);
        assertThat((Object) reader.readInbound()).isNull();
    }

    @Test
    void aServerEndStartsCompressingOnceItsPeerDoes() {
        RemotingConnection serverEnd = RemotingConnection.attach(reader);
        serverEnd.compressLikePeer();
        compressing(writer);

        decode(encode(command(new byte[0])));
        assertThat(serverEnd.wireFormat()).isEqualTo(WireFormat.BASELINE);
        decode(encode(command(COMPRESSIBLE)));
        assertThat(serverEnd.wireFormat()).isEqualTo(new WireFormat(SerializeType.JSON, BodyCompression.ZLIB));
    }

    @Test
    void aBodyAnnouncingMoreThanTheFrameLimitIsRefusedBeforeInflating() {
        assertThatThrownBy(() -> reader.writeInbound(compressedFrame(MAX_FRAME, deflate(COMPRESSIBLE))))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("announces " + MAX_FRAME + " bytes");
    }

    @Test
    void aBodyInflatingToAnotherLengthThanAnnouncedIsRefused() {
        assertThatThrownBy(() -> reader.writeInbound(compressedFrame(100, deflate(COMPRESSIBLE))))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("does not inflate to the announced 100 bytes");
        EmbeddedChannel another = new EmbeddedChannel(new RemotingFrameDecoder(MAX_FRAME));
        assertThatThrownBy(() -> another.writeInbound(compressedFrame(COMPRESSIBLE.length + 1, deflate(COMPRESSIBLE))))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("announced " + (COMPRESSIBLE.length + 1));
        another.finishAndReleaseAll();
    }

    @Test
    void aBodyThatIsNoZlibStreamOrHasNoLengthIsRefused() {
        assertThatThrownBy(() -> reader.writeInbound(compressedFrame(10, new byte[] {1, 2, 3, 4, 5})))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("not a zlib stream");
        EmbeddedChannel another = new EmbeddedChannel(new RemotingFrameDecoder(MAX_FRAME));
        ByteBuf lengthless = Frames.frame(CompressedBody.FLAG, "{\"code\":34}".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2});
        assertThatThrownBy(() -> another.writeInbound(lengthless))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("no length field");
        another.finishAndReleaseAll();
    }

    private static void compressing(EmbeddedChannel channel) {
        RemotingConnection.attach(channel).use(new WireFormat(SerializeType.ROCKETMQ, BodyCompression.ZLIB));
    }

    private static RemotingCommand command(byte[] body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extField("topic", "orders")
                .serializeType(SerializeType.ROCKETMQ)
                .body(body)
                .build();
    }

    private ByteBuf encode(RemotingCommand command) {
        writer.writeOutbound(command);
        return writer.readOutbound();
    }

    private RemotingCommand decode(ByteBuf frame) {
        reader.writeInbound(frame);
        return reader.readInbound();
    }

    private static int flag(ByteBuf frame) {
        try {
            return (frame.getInt(Integer.BYTES) >>> 24) & CompressedBody.FLAG;
        } finally {
            frame.release();
        }
    }

    /** A JSON-header frame whose body is marked compressed: the announced length, then {@code zlib}. */
    private static ByteBuf compressedFrame(int announcedLength, byte[] zlib) {
        ByteBuf body = Unpooled.buffer().writeInt(announcedLength).writeBytes(zlib);
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return Frames.frame(CompressedBody.FLAG, "{\"code\":34}".getBytes(StandardCharsets.UTF_8), bytes);
    }

    private static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater();
        deflater.setInput(body);
        deflater.finish();
        byte[] out = new byte[body.length];
        int length = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, length);
    }
}
