package dev.wharf.transport.spi;

import io.netty.buffer.ByteBuf;

/**
 * Recognises a protocol from the first bytes of a connection, for listeners that carry several
 * protocols on one port. Detectors are asked in descending {@link #priority()}; the one protocol with no
 * magic bytes (Remoting) is the fallback and has no detector.
 *
 * <pre>{@code
 * ProtocolDetector http2Preface = new ProtocolDetector() {
 *     public Result detect(ByteBuf in) {
 *         return Prefix.match(in, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
 *     }
 *     public int priority() { return 100; }
 * };
 * }</pre>
 */
public interface ProtocolDetector {

    /** The three answers a detector can give. */
    enum Result {
        RECOGNIZED,
        UNRECOGNIZED,
        NEED_MORE_DATA
    }

    /** Looks at the readable bytes without consuming them (the reader index must not move). */
    Result detect(ByteBuf in);

    /** Higher runs first; two detectors may not claim the same bytes. */
    int priority();
}
