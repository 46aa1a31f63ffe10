package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Encoding;
import dev.wharf.message.MessageSysFlag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A stored body as a gRPC client receives it.
 *
 * <p>The protocol has one compressed encoding, "GZIP", but Remoting producers compress with ZLIB (and, when
 * configured, LZ4 or ZSTD) and set only the COMPRESSED sys flag. SDKs other than the newest Java one
 * inflate GZIP alone, so a zlib or gzip body is inflated here and sent as IDENTITY, which every SDK reads.
 * LZ4 and ZSTD bodies, which the JDK cannot inflate, go out as stored, marked GZIP as Apache RocketMQ's
 * proxy marks them (the Java SDK sniffs the real format). So does a body that fails to inflate or would
 * inflate beyond {@link #MAX_INFLATED_BYTES}: the client then reports it corrupted instead of the gateway
 * running out of memory.
 *
 * @param bytes what the client receives, and what its body digest covers
 * @param encoding how {@code bytes} are encoded
 */
public record ClientBody(byte[] bytes, Encoding encoding) {

    /** The largest body inflated for a client: well above the 4 MiB message limit, far below a zip bomb. */
    static final int MAX_INFLATED_BYTES = 64 << 20;

    private static final int GZIP_MAGIC_0 = 0x1F;
    private static final int GZIP_MAGIC_1 = 0x8B;

    /** The client's view of a body stored with {@code sysFlag}. */
    public static ClientBody of(byte[] stored, int sysFlag) {
        if (!MessageSysFlag.isCompressed(sysFlag)) {
            return new ClientBody(stored, Encoding.IDENTITY);
        }
        boolean gzip = stored.length > 1
                && (stored[0] & 0xFF) == GZIP_MAGIC_0 && (stored[1] & 0xFF) == GZIP_MAGIC_1;
        if (!gzip && MessageSysFlag.compressionType(sysFlag) != MessageSysFlag.COMPRESSION_ZLIB_TYPE) {
            return new ClientBody(stored, Encoding.GZIP);
        }
        try (InputStream in = gzip
                ? new GZIPInputStream(new ByteArrayInputStream(stored))
                : new InflaterInputStream(new ByteArrayInputStream(stored))) {
            return new ClientBody(readBounded(in), Encoding.IDENTITY);
        } catch (IOException unreadable) {
            return new ClientBody(stored, Encoding.GZIP);
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
