package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;

/**
 * Recognises a TLS client by the header of its first record: content type handshake (22), protocol
 * version 3.x (SSL 3.0 to TLS 1.3, which still writes 3.1 or 3.3 there) and a plausible length.
 */
final class TlsHandshakeDetector implements ProtocolDetector {

    /** Type, version (2 bytes), length (2 bytes). */
    static final int HEADER_LENGTH = 5;

    private static final int HANDSHAKE = 22;
    private static final int MAJOR_VERSION = 3;
    private static final int MAX_MINOR_VERSION = 4;
    /** A TLSCiphertext never exceeds 2^14 + 2048 bytes. */
    private static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    @Override
    public Result detect(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable >= 1 && in.getUnsignedByte(start) != HANDSHAKE
                || readable >= 2 && in.getUnsignedByte(start + 1) != MAJOR_VERSION
                || readable >= 3 && in.getUnsignedByte(start + 2) > MAX_MINOR_VERSION) {
            return Result.UNRECOGNIZED;
        }
        if (readable < HEADER_LENGTH) {
            return Result.NEED_MORE_DATA;
        }
        int length = in.getUnsignedShort(start + 3);
        return length > 0 && length <= MAX_RECORD_LENGTH ? Result.RECOGNIZED : Result.UNRECOGNIZED;
    }

    @Override
    public int priority() {
        return 0;
    }
}
