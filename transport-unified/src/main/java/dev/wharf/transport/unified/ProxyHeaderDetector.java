package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises a PROXY protocol header (HAProxy's, sent by load balancers ahead of the client's bytes): the
 * text {@code PROXY } of version 1 or the 12-byte binary signature of version 2. Decides at the first byte
 * that differs from both, so other protocols are not held up.
 */
final class ProxyHeaderDetector implements ProtocolDetector {

    static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Override
    public Result detect(ByteBuf in) {
        Result v1 = ProtocolDetector.matchPrefix(in, V1);
        Result v2 = ProtocolDetector.matchPrefix(in, V2);
        if (v1 == Result.RECOGNIZED || v2 == Result.RECOGNIZED) {
            return Result.RECOGNIZED;
        }
        return v1 == Result.UNRECOGNIZED && v2 == Result.UNRECOGNIZED ? Result.UNRECOGNIZED : Result.NEED_MORE_DATA;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<byte[]> sampleOpenings() {
        return List.of("PROXY TCP4 192.0.2.1 192.0.2.2 56324 8080\r\n".getBytes(StandardCharsets.US_ASCII), V2);
    }
}
