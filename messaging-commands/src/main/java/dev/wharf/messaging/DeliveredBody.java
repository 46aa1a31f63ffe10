package dev.wharf.messaging;

import dev.wharf.message.MessageSysFlag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A stored body as a consumer receives it.
 *
 * <p>Remoting producers compress with ZLIB (and, when configured, LZ4 or ZSTD) and set only the COMPRESSED
 * sys flag; gRPC producers compress with GZIP. Consumers of the other protocols know neither, so a zlib or
 * gzip body is inflated here and delivered plain. LZ4 and ZSTD bodies, which the JDK cannot inflate, go out
 * as stored and marked compressed (gRPC marks them GZIP, as Apache RocketMQ's proxy does; the Java SDK sniffs
 * the real format). So does a body that fails to inflate or would inflate beyond
 * {@link #MAX_INFLATED_BYTES}: the client then reports it corrupted instead of the gateway running out of
 * memory.
 *
 * @param bytes what the consumer receives
 * @param compressed whether {@code bytes} are still compressed
 */
public record DeliveredBody(byte[] bytes, boolean compressed) {

    /** The largest body inflated for a client: well above the 4 MiB message limit, far below a zip bomb. */
    static final int MAX_INFLATED_BYTES = 64 << 20;

    private static final int GZIP_MAGIC_0 = 0x1F;
    private static final int GZIP_MAGIC_1 = 0x8B;

    /** The consumer's view of a body stored with {@code sysFlag}. */
    public static DeliveredBody of(byte[] stored, int sysFlag) {
        if (!MessageSysFlag.isCompressed(sysFlag)) {
            return new DeliveredBody(stored, false);
        }
        boolean gzip = stored.length > 1
                && (stored[0] & 0xFF) == GZIP_MAGIC_0 && (stored[1] & 0xFF) == GZIP_MAGIC_1;
        if (!gzip && MessageSysFlag.compressionType(sysFlag) != MessageSysFlag.COMPRESSION_ZLIB_TYPE) {
            return new DeliveredBody(stored, true);
        }
        try (InputStream in = gzip
                ? new GZIPInputStream(new ByteArrayInputStream(stored))
                : new InflaterInputStream(new ByteArrayInputStream(stored))) {
            return new DeliveredBody(readBounded(in), false);
        } catch (IOException unreadable) {
            return new DeliveredBody(stored, true);
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = in.read(chunk)) >= 0) {
            if (out.size() + read > MAX_INFLATED_BYTES) {
                throw new IOException("body inflates beyond " + MAX_INFLATED_BYTES + " bytes");
            }
            out.write(chunk, 0, read);
        }
        return out.toByteArray();
    }
}
