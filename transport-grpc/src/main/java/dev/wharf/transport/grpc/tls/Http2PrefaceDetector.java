package dev.wharf.transport.grpc.tls;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Recognises HTTP/2 in the clear with prior knowledge by the client connection preface (RFC 9113 §3.4). */
final class Http2PrefaceDetector implements ProtocolDetector {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Result detect(ByteBuf in) {
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(start + i) != PREFACE[i]) {
                return Result.UNRECOGNIZED;
            }
        }
        return available == PREFACE.length ? Result.RECOGNIZED : Result.NEED_MORE_DATA;
    }

    @Override
    public int priority() {
        return 0;
    }
}
