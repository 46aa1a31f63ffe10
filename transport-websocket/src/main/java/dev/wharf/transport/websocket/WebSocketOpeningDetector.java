package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises the WebSocket protocol on a unified port by its handshake's request line, {@code GET /v1/ws}
 * followed by the end of the path or a query. Above the HTTP API (100), which would take any request line.
 */
final class WebSocketOpeningDetector implements ProtocolDetector {

    static final int PRIORITY = 150;

    private static final byte[] REQUEST_LINE = ("GET " + HttpGate.WEBSOCKET_PATH).getBytes(StandardCharsets.US_ASCII);

    @Override
    public Result detect(ByteBuf in) {
        return ProtocolDetector.matchRequestLine(in, REQUEST_LINE);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public List<byte[]> sampleOpenings() {
        return List.of(("GET " + HttpGate.WEBSOCKET_PATH + "?token=t HTTP/1.1\r\nHost: wharf\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }
}
