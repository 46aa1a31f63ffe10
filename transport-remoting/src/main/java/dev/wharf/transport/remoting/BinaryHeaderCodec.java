package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.LanguageCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * RocketMQ's binary header (serialize type 1): int16 code, language byte, int16 version, int32 opaque,
 * int32 flag, the remark as int32 length and UTF-8, then the extFields area as int32 length and entries
 * of int16 key length, key, int32 value length, value. A zero-length string reads as absent.
 */
final class BinaryHeaderCodec implements HeaderCodec {

    static final BinaryHeaderCodec INSTANCE = new BinaryHeaderCodec();

    private BinaryHeaderCodec() {}

    /** Whether the code and version fit the header's 16-bit fields. */
    static boolean fits(RemotingCommand command) {
        return isShort(command.code()) && isShort(command.version());
    }

    @Override
    public SerializeType type() {
        return SerializeType.ROCKETMQ;
    }

    @Override
    public void encode(RemotingCommand command, ByteBuf out) {
        out.writeShort(command.code());
        out.writeByte(command.language().code());
        out.writeShort(command.version());
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        writeString(out, command.remark(), Integer.BYTES);
        int areaStart = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            writeString(out, field.getKey(), Short.BYTES);
            writeString(out, field.getValue(), Integer.BYTES);
        }
        out.setInt(areaStart, out.writerIndex() - areaStart - Integer.BYTES);
    }

    @Override
    public RemotingCommand.Builder decode(ByteBuf header) {
        if (header.readableBytes() < 2 + 1 + 2 + 4 + 4) {
            throw new CorruptedFrameException("binary header of " + header.readableBytes() + " bytes is too short");
        }
        RemotingCommand.Builder command = RemotingCommand.request(header.readShort())
                .language(LanguageCode.fromCode(header.readByte()))
                .version(header.readShort())
                .opaque(header.readInt())
                .flag(header.readInt())
                .remark(readString(header, Integer.BYTES, "remark"));
        ByteBuf area = header.readSlice(readLength(header, Integer.BYTES, "extFields"));
        while (area.isReadable()) {
            String name = readString(area, Short.BYTES, "extFields key");
            String value = readString(area, Integer.BYTES, "extFields value");
            if (name != null) {
                command.extField(name, value);
            }
        }
        return command;
    }

    private static void writeString(ByteBuf out, String value, int lengthBytes) {
        int lengthIndex = out.writerIndex();
        out.writeZero(lengthBytes);
        int length = value == null ? 0 : ByteBufUtil.writeUtf8(out, value);
        if (lengthBytes == Short.BYTES) {
            if (length > Short.MAX_VALUE) {
                throw new EncoderException("extFields key of " + length + " bytes does not fit a binary header");
            }
            out.setShort(lengthIndex, length);
        } else {
            out.setInt(lengthIndex, length);
        }
    }

    private static String readString(ByteBuf in, int lengthBytes, String what) {
        int length = readLength(in, lengthBytes, what);
        if (length == 0) {
            return null;
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    /** Reads a length field and checks that that many bytes follow it. */
    private static int readLength(ByteBuf in, int lengthBytes, String what) {
        if (in.readableBytes() < lengthBytes) {
            throw new CorruptedFrameException("binary header ends inside the length of " + what);
        }
        int length = lengthBytes == Short.BYTES ? in.readShort() : in.readInt();
        if (length < 0 || length > in.readableBytes()) {
            throw new CorruptedFrameException(
                    "binary header: " + what + " of " + length + " bytes, but " + in.readableBytes() + " remain");
        }
        return length;
    }

    private static boolean isShort(int value) {
        return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
    }
}
