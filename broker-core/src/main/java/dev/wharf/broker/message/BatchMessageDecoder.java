package dev.wharf.broker.message;

import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits the body of SEND_BATCH_MESSAGE into its messages. Each is
 * {@code int32 totalSize | int32 magic | int32 bodyCRC | int32 flag | int32 bodyLen | body | int16 propsLen | props}.
 *
 * <pre>{@code
 * for (BatchMessageDecoder.Entry entry : BatchMessageDecoder.decode(request.body())) { ... }
 * }</pre>
 */
public final class BatchMessageDecoder {

    /** One message of a batch: its flag, body and properties. */
    public record Entry(int flag, byte[] body, Map<String, String> properties) {}

    private static final int FIXED_BYTES = 4 + 4 + 4 + 4 + 4 + 2;

    private BatchMessageDecoder() {}

    /**
     * The messages of a batch body, in order.
     *
     * @throws RemotingCommandException MESSAGE_ILLEGAL when the body is not a well-formed batch
     */
    public static List<Entry> decode(byte[] batch) {
        ByteBuffer buffer = ByteBuffer.wrap(batch);
        List<Entry> entries = new ArrayList<>();
        try {
            while (buffer.hasRemaining()) {
                int start = buffer.position();
                int totalSize = buffer.getInt();
                buffer.getInt(); // magic: unused in batches
                buffer.getInt(); // body CRC: clients send 0
                int flag = buffer.getInt();
                byte[] body = bytes(buffer, buffer.getInt());
                String properties = new String(bytes(buffer, Short.toUnsignedInt(buffer.getShort())),
                        StandardCharsets.UTF_8);
                if (totalSize != buffer.position() - start || totalSize < FIXED_BYTES) {
                    throw illegal("message " + entries.size() + " declares " + totalSize + " bytes but takes "
                            + (buffer.position() - start));
                }
                entries.add(new Entry(flag, body, MessageProperties.decode(properties)));
            }
        } catch (BufferUnderflowException e) {
            throw illegal("message " + entries.size() + " is truncated");
        }
        if (entries.isEmpty()) {
            throw illegal("it holds no message");
        }
        return entries;
    }

    private static byte[] bytes(ByteBuffer buffer, int length) {
        if (length < 0 || length > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    private static RemotingCommandException illegal(String problem) {
        return new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, "malformed batch body: " + problem);
    }
}
