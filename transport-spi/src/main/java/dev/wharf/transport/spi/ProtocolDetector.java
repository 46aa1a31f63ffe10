package dev.wharf.transport.spi;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;

/**
 * Recognises a protocol from the first bytes of a connection, for listeners that carry several
 * protocols on one port ({@link ChannelAdopter}). A unified port asks its detectors in descending
 * {@link #priority()}: the first that answers {@link Result#RECOGNIZED} gets the connection, but only once
 * every detector above it has answered {@link Result#UNRECOGNIZED}; while one of them needs more data the
 * port waits for more bytes. So a detector may refine another one's bytes from a higher priority (gRPC
 * claims the HTTP/2 connections whose first request is {@code application/grpc}; the HTTP API, lower,
 * takes the other HTTP/2 connections). The one protocol with no magic bytes (Remoting) has no detector:
 * it is the port's fallback, and a port has at most one.
 *
 * <p>{@link #sampleOpenings()} are typical first bytes of the protocol. A unified port refuses to start
 * when a detector has none, when one of them would be handed to another protocol, or when two detectors
 * of the same priority both recognise one, so that two plugins claiming the same bytes fail loudly
 * instead of one of them silently losing every connection.
 *
 * <pre>{@code
 * ProtocolDetector stomp = new ProtocolDetector() {
 *     private static final byte[] CONNECT = "CONNECT\n".getBytes(StandardCharsets.US_ASCII);
 *     public Result detect(ByteBuf in) {
 *         return ProtocolDetector.matchPrefix(in, CONNECT);
 *     }
 *     public int priority() { return 50; }
 *     public List<byte[]> sampleOpenings() {
 *         return List.of("CONNECT\naccept-version:1.2\n\n\0".getBytes(StandardCharsets.US_ASCII));
 *     }
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

    /**
     * Looks at the readable bytes without consuming them (the reader index must not move). Called again
     * with more bytes after {@link Result#NEED_MORE_DATA}; it must answer from the bytes alone, as it is
     * shared by every connection of a port.
     */
    Result detect(ByteBuf in);

    /** Higher runs first; two detectors may not claim the same bytes. */
    int priority();

    /**
     * Openings of this protocol as a client would send them, checked against the other detectors of a
     * unified port when it starts; empty only for detectors that never share a port.
     */
    default List<byte[]> sampleOpenings() {
        return List.of();
    }

    /**
     * Bytes the port sends the client while this detector waits for more of its opening, for clients that say
     * nothing more until the server speaks: an HTTP/2 client (gRPC's among them) may wait for the server's
     * SETTINGS before its first request, which is what tells gRPC from other HTTP/2. Asked after
     * {@link #detect} answered {@link Result#NEED_MORE_DATA} on {@code in}; a port sends at most one prompt per
     * connection, and the protocol that adopts the connection must take the client's reply to it in its stride
     * (an HTTP/2 server does: a SETTINGS acknowledgement it has nothing pending for is ignored). Empty by default.
     */
    default Optional<byte[]> prompt(ByteBuf in) {
        return Optional.empty();
    }

    /**
     * Whether the readable bytes of {@code in} start with {@code prefix}: {@link Result#UNRECOGNIZED} at
     * the first byte that differs, {@link Result#NEED_MORE_DATA} while they agree but are fewer.
     */
    static Result matchPrefix(ByteBuf in, byte[] prefix) {
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), prefix.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return Result.UNRECOGNIZED;
            }
        }
        return available == prefix.length ? Result.RECOGNIZED : Result.NEED_MORE_DATA;
    }

    /**
     * Whether the readable bytes of {@code in} open an HTTP/1.1 request for exactly one path: {@code requestLine}
     * (method, space, path, e.g. {@code GET /v1/ws}) followed by the space before the version or the {@code ?} of a
     * query, so that {@code /v1/ws} does not take {@code /v1/wsx}. A WebSocket handshake is recognised this way.
     */
    static Result matchRequestLine(ByteBuf in, byte[] requestLine) {
        Result line = matchPrefix(in, requestLine);
        if (line != Result.RECOGNIZED) {
            return line;
        }
        if (in.readableBytes() == requestLine.length) {
            return Result.NEED_MORE_DATA;
        }
        byte next = in.getByte(in.readerIndex() + requestLine.length);
        return next == ' ' || next == '?' ? Result.RECOGNIZED : Result.UNRECOGNIZED;
    }
}
