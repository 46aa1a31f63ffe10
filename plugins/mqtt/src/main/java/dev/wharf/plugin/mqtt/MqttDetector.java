package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises MQTT 3.1.1 on a unified port: a CONNECT packet (fixed header {@code 0x10}, a remaining length of one
 * to four bytes, protocol name {@code MQTT}, level 4), or a WebSocket handshake for the MQTT path
 * ({@code GET /mqtt} followed by a space or a query). Above the HTTP API (100), which would take any request line.
 */
final class MqttDetector implements ProtocolDetector {

    static final int PRIORITY = 160;
    /** Protocol name length, {@code MQTT}, protocol level 4. */
    private static final byte[] VARIABLE_HEADER = {0, 4, 'M', 'Q', 'T', 'T', 4};
    private static final int MAX_LENGTH_BYTES = 4;

    private final byte[] websocketRequestLine;

    /** @param websocketPath the MQTT over WebSocket path; empty when the listener serves none */
    MqttDetector(String websocketPath) {
        this.websocketRequestLine = websocketPath.isEmpty() ? new byte[0]
                : ("GET " + websocketPath).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Result detect(ByteBuf in) {
        if (!in.isReadable()) {
            return Result.NEED_MORE_DATA;
        }
        int start = in.readerIndex();
        if (in.getUnsignedByte(start) == ProtocolSwitch.CONNECT) {
            return connect(in, start);
        }
        return websocketRequestLine.length == 0 ? Result.UNRECOGNIZED
                : ProtocolDetector.matchRequestLine(in, websocketRequestLine);
    }

    private static Result connect(ByteBuf in, int start) {
        int index = start + 1;
        for (int lengthBytes = 1; ; lengthBytes++) {
            if (index >= in.writerIndex()) {
                return Result.NEED_MORE_DATA;
            }
            boolean more = (in.getUnsignedByte(index++) & 0x80) != 0;
            if (!more) {
                break;
            }
            if (lengthBytes == MAX_LENGTH_BYTES) {
                return Result.UNRECOGNIZED;
            }
        }
        ByteBuf header = in.slice(index, in.writerIndex() - index);
        return ProtocolDetector.matchPrefix(header, VARIABLE_HEADER);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public List<byte[]> sampleOpenings() {
        byte[] connect = {0x10, 0x10, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 4, 'w', 'h', 'a', 'r'};
        if (websocketRequestLine.length == 0) {
            return List.of(connect);
        }
        return List.of(connect, (new String(websocketRequestLine, StandardCharsets.US_ASCII)
                + " HTTP/1.1\r\nHost: wharf\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
