package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link RemotingCommand} as one Remoting frame: length, serialize type and header length,
 * header, body, in a single direct buffer.
 *
 * <p>The body is copied into that buffer rather than wrapped next to it: a socket transport copies any
 * heap component of a composite into direct memory before writing, so wrapping would add a copy of the
 * header without saving one of the body.
 *
 * <p>On a connection whose {@link WireFormat} compresses, a body worth it leaves deflated, marked in the
 * serialize-type byte (see {@link CompressedBody}).
 */
@ChannelHandler.Sharable
final class RemotingFrameEncoder extends MessageToByteEncoder<RemotingCommand> {

    static final RemotingFrameEncoder INSTANCE = new RemotingFrameEncoder();

    private static final int PREFIX = 2 * Integer.BYTES;
    /** Room for a typical header, so that the buffer rarely grows while the header is written. */
    private static final int HEADER_ESTIMATE = 256;
    private static final int MAX_HEADER_LENGTH = 0xFFFFFF;

    private RemotingFrameEncoder() {
        super(RemotingCommand.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand command, boolean preferDirect) {
        return ctx.alloc().ioBuffer(PREFIX + HEADER_ESTIMATE + command.body().length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        write(command, out, RemotingConnection.wireFormatOf(ctx.channel()).compression());
    }

    /** Writes one frame of {@code command} into {@code out}, its body compressed as the connection agreed. */
    static void write(RemotingCommand command, ByteBuf out, BodyCompression compression) {
        HeaderCodec codec = HeaderCodec.writing(command);
        int start = out.writerIndex();
        out.writeZero(PREFIX);
        codec.encode(command, out);
        int headerLength = out.writerIndex() - start - PREFIX;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new EncoderException("header of " + headerLength + " bytes exceeds the 24-bit header length");
        }
        byte[] body = command.body();
        byte[] deflated = compression == BodyCompression.ZLIB ? CompressedBody.deflate(body) : null;
        int type = codec.type().code();
        if (deflated != null) {
            type |= CompressedBody.FLAG;
            out.writeInt(body.length);
            out.writeBytes(deflated);
        } else {
            out.writeBytes(body);
        }
        out.setInt(start, out.writerIndex() - start - Integer.BYTES);
        out.setInt(start + Integer.BYTES, (type << 24) | headerLength);
    }
}
