package dev.wharf.transport.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Wharf's body compression, for connections that negotiated {@link BodyCompression#ZLIB}. A frame whose
 * body is compressed says so with {@link #FLAG} in its serialize-type byte (Apache RocketMQ uses only the
 * values 0 and 1 there), and its body is the int32 length of the original body followed by the zlib
 * stream. Only bodies of {@link #MIN_LENGTH} bytes or more that shrink are sent compressed, so a
 * connection that negotiated compression still carries plain frames too.
 *
 * <p>The deflaters and inflaters are kept per thread: frames are encoded and decoded on the event loops,
 * a small fixed set of threads, and zlib's state is too costly to make per frame.
 */
final class CompressedBody {

    /** The bit of the serialize-type byte that marks a compressed body. */
    static final int FLAG = 0x40;
    /** Smaller bodies are sent as they are: compression would not pay for its own header. */
    static final int MIN_LENGTH = 1024;

    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private CompressedBody() {}

    /** The zlib stream of {@code body}, or {@code null} when the body is small or would not shrink. */
    static byte[] deflate(byte[] body) {
        if (body.length < MIN_LENGTH) {
            return null;
        }
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(body);
        deflater.finish();
        // Anything as long as the body plus its length field is not worth sending.
        byte[] out = new byte[body.length - Integer.BYTES - 1];
        int length = 0;
        while (!deflater.finished() && length < out.length) {
            length += deflater.deflate(out, length, out.length - length);
        }
        return deflater.finished() ? Arrays.copyOf(out, length) : null;
    }

    /**
     * Inflates the whole of {@code compressed} into exactly {@code inflatedLength} bytes.
     *
     * @throws CorruptedFrameException when it is no zlib stream or does not inflate to that length
     */
    static byte[] inflate(ByteBuf compressed, int inflatedLength) {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(compressed.nioBuffer());
        byte[] out = new byte[inflatedLength];
        int length = 0;
        try {
            while (length < out.length) {
                int inflated = inflater.inflate(out, length, out.length - length);
                if (inflated == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                length += inflated;
            }
            // The output may fill up before zlib has read the stream's end: one more step reads it, and
            // shows whether the stream holds more than announced.
            if (length == out.length && !inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                length++;
            }
        } catch (DataFormatException e) {
            throw new CorruptedFrameException("compressed body is not a zlib stream: " + e.getMessage());
        }
        if (length != inflatedLength || !inflater.finished()) {
            throw new CorruptedFrameException("compressed body does not inflate to the announced " + inflatedLength
                    + " bytes (" + (inflater.finished() ? length + " bytes" : "more") + ")");
        }
        return out;
    }
}
