package dev.wharf.transport.grpc.unified;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Recognises gRPC on a unified port: an HTTP/2 connection whose first request's {@code content-type} is
 * {@code application/grpc} (or {@code application/grpc+proto}, ...). It reads the frames after the preface
 * without consuming them (SETTINGS, WINDOW_UPDATE, ... are skipped) up to the first HEADERS and its
 * CONTINUATIONs, and decodes that header block with a fresh HPACK decoder: the first block is the first
 * to use the dynamic table, so it decodes alone. Above the HTTP API (100), which takes the other HTTP/2
 * connections.
 */
public final class GrpcOpeningDetector implements ProtocolDetector {

    static final int PRIORITY = 200;

    private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    private static final int FRAME_HEADER = 9;
    private static final byte HEADERS = 0x1;
    private static final byte CONTINUATION = 0x9;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY_FLAG = 0x20;
    /** A first request's headers are small; anything past this is not a gRPC client we could serve. */
    private static final int MAX_HEADER_BLOCK = 16 * 1024;
    private static final AsciiString GRPC = AsciiString.of("application/grpc");

    @Override
    public Result detect(ByteBuf in) {
        Result preface = ProtocolDetector.matchPrefix(in, PREFACE);
        if (preface != Result.RECOGNIZED) {
            return preface;
        }
        int position = in.readerIndex() + PREFACE.length;
        int end = in.writerIndex();
        while (true) {
            if (end - position < FRAME_HEADER) {
                return Result.NEED_MORE_DATA;
            }
            int length = in.getUnsignedMedium(position);
            if (in.getByte(position + 3) == HEADERS) {
                return firstRequest(in, position, end);
            }
            position += FRAME_HEADER + length;
            if (position - in.readerIndex() > MAX_HEADER_BLOCK * 2) {
                return Result.UNRECOGNIZED;
            }
        }
    }

    /** Whether the header block that starts with the HEADERS frame at {@code position} asks for gRPC. */
    private static Result firstRequest(ByteBuf in, int position, int end) {
        ByteBuf block = Unpooled.buffer();
        try {
            int frame = position;
            boolean first = true;
            while (true) {
                if (end - frame < FRAME_HEADER) {
                    return Result.NEED_MORE_DATA;
                }
                int length = in.getUnsignedMedium(frame);
                byte type = in.getByte(frame + 3);
                int flags = in.getUnsignedByte(frame + 4);
                if (!first && type != CONTINUATION || block.readableBytes() + length > MAX_HEADER_BLOCK) {
                    return Result.UNRECOGNIZED;
                }
                if (end - frame < FRAME_HEADER + length) {
                    return Result.NEED_MORE_DATA;
                }
                int start = frame + FRAME_HEADER;
                int stop = start + length;
                if (first && (flags & PADDED) != 0) {
                    stop -= in.getUnsignedByte(start);
                    start += 1;
                }
                if (first && (flags & PRIORITY_FLAG) != 0) {
                    start += 5;
                }
                if (stop < start) {
                    return Result.UNRECOGNIZED;
                }
                block.writeBytes(in, start, stop - start);
                if ((flags & END_HEADERS) != 0) {
                    return isGrpc(block) ? Result.RECOGNIZED : Result.UNRECOGNIZED;
                }
                frame += FRAME_HEADER + length;
                first = false;
            }
        } finally {
            block.release();
        }
    }

    private static boolean isGrpc(ByteBuf block) {
        try {
            Http2Headers headers = new DefaultHttp2HeadersDecoder(false, MAX_HEADER_BLOCK).decodeHeaders(1, block);
            CharSequence contentType = headers.get("content-type");
            return contentType != null && AsciiString.regionMatches(contentType, true, 0, GRPC, 0, GRPC.length());
        } catch (Http2Exception malformed) {
            return false;
        }
    }

    /**
     * An empty SETTINGS frame once the preface is in: gRPC clients send their first request only after the
     * server's SETTINGS, as the server connection preface. grpc-netty, or the HTTP API, sends its own
     * SETTINGS when it takes the connection; the client's extra acknowledgement is ignored there.
     */
    @Override
    public Optional<byte[]> prompt(ByteBuf in) {
        return ProtocolDetector.matchPrefix(in, PREFACE) == Result.RECOGNIZED
                ? Optional.of(EMPTY_SETTINGS.clone())
                : Optional.empty();
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** Preface, empty SETTINGS, WINDOW_UPDATE, then HEADERS of a gRPC call, as grpc-java opens. */
    @Override
    public List<byte[]> sampleOpenings() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREFACE);
        out.writeBytes(EMPTY_SETTINGS);
        out.writeBytes(new byte[] {0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0x0f, 0, 1});
        byte[] contentType = "application/grpc".getBytes(StandardCharsets.US_ASCII);
        // :method POST, :scheme http, :path / from the static table; content-type (index 31) as a literal.
        int blockLength = 3 + 3 + contentType.length;
        out.writeBytes(new byte[] {0, 0, (byte) blockLength, HEADERS, END_HEADERS, 0, 0, 0, 1});
        out.writeBytes(new byte[] {(byte) 0x83, (byte) 0x86, (byte) 0x84, 0x0f, 0x10, (byte) contentType.length});
        out.writeBytes(contentType);
        return List.of(out.toByteArray());
    }
}
