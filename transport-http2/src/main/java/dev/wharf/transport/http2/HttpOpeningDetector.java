package dev.wharf.transport.http2;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises the HTTP API on a unified port: the HTTP/2 connection preface (prior knowledge, or ALPN
 * {@code h2} after TLS) or an HTTP/1.x request line (REST, or an {@code Upgrade: h2c} request). Protocols
 * that are HTTP too (gRPC by its content type, WebSocket by its path) refine these bytes from a higher
 * priority.
 */
final class HttpOpeningDetector implements ProtocolDetector {

    /** Below WebSocket (150) and gRPC (200), which claim some of the same openings. */
    static final int PRIORITY = 100;

    private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
    private static final List<byte[]> METHODS = List.of("GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ",
                    "PATCH ", "TRACE ").stream()
            .map(method -> method.getBytes(StandardCharsets.US_ASCII))
            .toList();

    @Override
    public Result detect(ByteBuf in) {
        Result answer = ProtocolDetector.matchPrefix(in, PREFACE);
        for (byte[] method : METHODS) {
            if (answer == Result.RECOGNIZED) {
                break;
            }
            Result line = ProtocolDetector.matchPrefix(in, method);
            if (line != Result.UNRECOGNIZED) {
                answer = line;
            }
        }
        return answer;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** A JSON publish over HTTP/1.1, and one over HTTP/2 with its first request's headers. */
    @Override
    public List<byte[]> sampleOpenings() {
        return List.of(
                ("POST /v1/topics/orders/messages HTTP/1.1\r\nHost: wharf\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII),
                http2Opening());
    }

    /** Preface, empty SETTINGS, HEADERS of {@code POST /} with {@code content-type: application/json} (HPACK). */
    private static byte[] http2Opening() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREFACE);
        out.writeBytes(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
        byte[] contentType = "application/json".getBytes(StandardCharsets.US_ASCII);
        // :method POST, :scheme http, :path / from the static table; content-type (index 31) as a literal.
        int blockLength = 3 + 3 + contentType.length;
        out.writeBytes(new byte[] {0, 0, (byte) blockLength, 1, 4, 0, 0, 0, 1});
        out.writeBytes(new byte[] {(byte) 0x83, (byte) 0x86, (byte) 0x84, 0x0f, 0x10, (byte) contentType.length});
        out.writeBytes(contentType);
        return out.toByteArray();
    }
}
