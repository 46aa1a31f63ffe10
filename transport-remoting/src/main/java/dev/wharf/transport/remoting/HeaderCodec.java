package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;

/**
 * Writes a command's header (everything but the body) in one of the two encodings a Remoting frame can
 * announce, and reads it back.
 */
sealed interface HeaderCodec permits JsonHeaderCodec, BinaryHeaderCodec {

    /** The encoding, as announced in the frame. */
    SerializeType type();

    /** Appends the header of {@code command} to {@code out}. */
    void encode(RemotingCommand command, ByteBuf out);

    /**
     * Reads the whole of {@code header}. The caller adds the body and the serialize type.
     *
     * @throws io.netty.handler.codec.CorruptedFrameException when the header is malformed
     */
    RemotingCommand.Builder decode(ByteBuf header);

    /** The codec for a header announced as {@code type}. */
    static HeaderCodec reading(SerializeType type) {
        return switch (type) {
            case JSON -> JsonHeaderCodec.INSTANCE;
            case ROCKETMQ -> BinaryHeaderCodec.INSTANCE;
        };
    }

    /**
     * The codec {@code command} leaves in: its own serialize type, except that a binary header cannot
     * carry what does not fit its 16-bit fields (every POP code), so such a command goes out as JSON.
     */
    static HeaderCodec writing(RemotingCommand command) {
        return command.serializeType() == SerializeType.ROCKETMQ && BinaryHeaderCodec.fits(command)
                ? BinaryHeaderCodec.INSTANCE
                : JsonHeaderCodec.INSTANCE;
    }
}
