package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encodes and decodes the Remoting frame of a typical {@code SEND_MESSAGE_V2} request (the compact
 * header fields the official producer sends, a 1 KiB body) with a JSON or a binary header.
 *
 * <p>It lives in the codec's own package because the frame encoder and decoder are package-private in
 * transport-remoting; it calls their {@code encode}/{@code decode} directly, without a channel, so the
 * numbers are the codec's alone. Buffers come from the pooled direct allocator, as on a real channel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RemotingCodecBenchmark {

    private static final int BODY_BYTES = 1024;
    /** MQVersion.CURRENT_VERSION of rocketmq-client 5.5.0, which every request of that client carries. */
    private static final int CLIENT_VERSION = 513;

    @Param({"JSON", "ROCKETMQ"})
    public SerializeType header;

    private final List<Object> decoded = new ArrayList<>(1);
    private RemotingCommand request;
    private ByteBuf frame;
    private RemotingFrameDecoder decoder;

    @Setup(Level.Trial)
    public void prepare() {
        request = sendMessageV2(header);
        frame = encode(request);
        decoder = new RemotingFrameDecoder(16 * 1024 * 1024);
    }

    @TearDown(Level.Trial)
    public void release() {
        frame.release();
    }

    /** One request frame written into a fresh pooled direct buffer; the buffer is returned to the pool. */
    @Benchmark
    public int encode() {
        ByteBuf out = encode(request);
        int written = out.readableBytes();
        out.release();
        return written;
    }

    /** One request frame read back into a command (header parsed, body copied out). */
    @Benchmark
    public Object decode() {
        decoded.clear();
        decoder.decode(null, frame.duplicate(), decoded);
        return decoded.get(0);
    }

    ByteBuf encode(RemotingCommand command) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(BODY_BYTES + 512);
        RemotingFrameEncoder.write(command, out, BodyCompression.NONE);
        return out;
    }

    /** The request the official 5.x producer sends for one 1 KiB message, with its compact header names. */
    static RemotingCommand sendMessageV2(SerializeType type) {
        byte[] body = new byte[BODY_BYTES];
        ThreadLocalRandom.current().nextBytes(body);
        long now = System.currentTimeMillis();
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .version(CLIENT_VERSION)
                .opaque(123_456)
                .serializeType(type)
                .extField("a", "benchmark-producer-group")
                .extField("b", "benchmark-topic")
                .extField("c", "TBW102")
                .extField("d", 4)
                .extField("e", 3)
                .extField("f", 0)
                .extField("g", now)
                .extField("h", 0)
                .extField("i", "UNIQ_KEY\u00017F000001A1B218B4AAC2581E2D5F0000\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002")
                .extField("j", 0)
                .extField("k", false)
                .extField("m", false)
                .extField("n", "broker-a")
                .body(body)
                .build();
    }
}
