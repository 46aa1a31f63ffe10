package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Cuts the byte stream into Remoting frames and decodes each into a {@link RemotingCommand}.
 *
 * <p>A frame is an int32 length of what follows, an int32 holding the serialize type (high byte) and the
 * header length (low 24 bits), the header, and the body. The length is checked against the limit as soon
 * as its four bytes are in, and the type and header length as soon as theirs are, so a bad or oversize
 * frame is refused before any of it is buffered. After a bad frame nothing that follows can be trusted
 * to start a frame: the decoder fails once and discards every later byte.
 *
 * <p>A body marked compressed ({@link CompressedBody#FLAG}) is inflated here, to at most the frame limit,
 * and the connection learns that its peer compresses.
 */
final class RemotingFrameDecoder extends ByteToMessageDecoder {

    private static final int LENGTH_FIELD = Integer.BYTES;
    private static final int TYPE_AND_HEADER_LENGTH_FIELD = Integer.BYTES;
    private static final int PREFIX = LENGTH_FIELD + TYPE_AND_HEADER_LENGTH_FIELD;

    private final int maxFrameLength;
    private boolean rejected;

    /** @param maxFrameLength the largest frame accepted, its length field included */
    RemotingFrameDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            RemotingCommand command = decodeFrame(ctx, in);
            if (command != null) {
                out.add(command);
            }
        } catch (RuntimeException e) {
            rejected = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private RemotingCommand decodeFrame(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < LENGTH_FIELD) {
            return null;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < TYPE_AND_HEADER_LENGTH_FIELD) {
            throw new CorruptedFrameException("frame length " + length + " is shorter than a frame's own fields");
        }
        if (length > maxFrameLength - LENGTH_FIELD) {
            throw new TooLongFrameException("frame of " + (LENGTH_FIELD + (long) length)
                    + " bytes exceeds the limit of " + maxFrameLength);
        }
        if (in.readableBytes() < PREFIX) {
            return null;
        }
        int typeAndHeaderLength = in.getInt(start + LENGTH_FIELD);
        boolean compressed = (typeAndHeaderLength >>> 24 & CompressedBody.FLAG) != 0;
        SerializeType type = serializeType(typeAndHeaderLength >>> 24 & ~CompressedBody.FLAG);
        int headerLength = typeAndHeaderLength & 0xFFFFFF;
        int bodyLength = length - TYPE_AND_HEADER_LENGTH_FIELD - headerLength;
        if (bodyLength < 0) {
            throw new CorruptedFrameException(
                    "header length " + headerLength + " exceeds the frame length " + length);
        }
        if (compressed && bodyLength < Integer.BYTES) {
            throw new CorruptedFrameException("compressed body of " + bodyLength + " bytes has no length field");
        }
        if (in.readableBytes() < LENGTH_FIELD + length) {
            return null;
        }
        in.skipBytes(PREFIX);
        RemotingCommand.Builder command = HeaderCodec.reading(type).decode(in.readSlice(headerLength));
        if (compressed) {
            command.body(inflate(in, bodyLength));
            RemotingConnection connection = RemotingConnection.of(ctx.channel());
            if (connection != null) {
                connection.peerCompressed();
            }
        } else if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            in.readBytes(body);
            command.body(body);
        }
        return command.serializeType(type).build();
    }

    private byte[] inflate(ByteBuf in, int bodyLength) {
        int inflatedLength = in.readInt();
        if (inflatedLength < 0 || inflatedLength > maxFrameLength - LENGTH_FIELD) {
            throw new TooLongFrameException("compressed body announces " + inflatedLength
                    + " bytes, beyond the limit of " + maxFrameLength);
        }
        return CompressedBody.inflate(in.readSlice(bodyLength - Integer.BYTES), inflatedLength);
    }

    private static SerializeType serializeType(int code) {
        try {
            return SerializeType.fromCode((byte) code);
        } catch (IllegalArgumentException e) {
            throw new CorruptedFrameException(e.getMessage());
        }
    }
}
