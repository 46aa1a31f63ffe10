package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.wharf.transport.spi.LanguageCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BinaryHeaderCodecTest {

    private final BinaryHeaderCodec codec = BinaryHeaderCodec.INSTANCE;

    @Test
    void decodesAHeaderLaidOutByHand() {
        ByteBuf header = handBuilt(RequestCode.GET_MAX_OFFSET, 9, 453, 77, "why not", "topic", "orders", "queueId", "3");

        RemotingCommand command = codec.decode(header).build();

        assertThat(command.code()).isEqualTo(RequestCode.GET_MAX_OFFSET);
        assertThat(command.language()).isEqualTo(LanguageCode.GO);
        assertThat(command.version()).isEqualTo(453);
        assertThat(command.opaque()).isEqualTo(77);
        assertThat(command.remark()).isEqualTo("why not");
        assertThat(command.extFields()).containsOnly(entry("topic", "orders"), entry("queueId", "3"));
    }

    @Test
    void readsZeroLengthStringsAsAbsent() {
        ByteBuf header = handBuilt(RequestCode.HEART_BEAT, 0, 1, 1, "", "", "no key", "noValue", "", "kept", "yes");

        RemotingCommand command = codec.decode(header).build();

        assertThat(command.remark()).isNull();
        assertThat(command.extFields()).containsOnly(entry("kept", "yes"));
    }

    @Test
    void roundTripsEveryField() {
        RemotingCommand command = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .language(LanguageCode.CPP)
                .version(479)
                .opaque(-5)
                .flag(RemotingCommand.ONEWAY_FLAG)
                .remark("größer")
                .extField("consumerGroup", "billing")
                .extField("queueOffset", 123456789012L)
                .build();
        ByteBuf out = Unpooled.buffer();

        codec.encode(command, out);
        RemotingCommand decoded = codec.decode(out).build();

        assertThat(decoded).usingRecursiveComparison().isEqualTo(command);
    }

    @Test
    void fitsOnlyCodesAndVersionsOfSixteenBits() {
        assertThat(BinaryHeaderCodec.fits(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).version(479).build()))
                .isTrue();
        assertThat(BinaryHeaderCodec.fits(RemotingCommand.request(RequestCode.POP_MESSAGE).build())).isFalse();
        assertThat(BinaryHeaderCodec.fits(RemotingCommand.request(10).version(70_000).build())).isFalse();
    }

    @Test
    void refusesAHeaderShorterThanItsFixedFields() {
        assertThatThrownBy(() -> codec.decode(Unpooled.buffer().writeShort(10).writeByte(0)))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void refusesLengthsThatRunPastTheHeader() {
        ByteBuf remarkTooLong = fixedFields().writeInt(100).writeBytes(new byte[10]);
        ByteBuf negativeArea = fixedFields().writeInt(0).writeInt(-1);
        ByteBuf keyPastArea = fixedFields().writeInt(0).writeInt(4).writeShort(50).writeShort(0);
        ByteBuf cutInsideLength = fixedFields().writeInt(0).writeInt(1).writeByte(0);

        for (ByteBuf header : new ByteBuf[] {remarkTooLong, negativeArea, keyPastArea, cutInsideLength}) {
            assertThatThrownBy(() -> codec.decode(header)).isInstanceOf(CorruptedFrameException.class);
        }
    }

    private static ByteBuf fixedFields() {
        return Unpooled.buffer().writeShort(10).writeByte(0).writeShort(1).writeInt(1).writeInt(0);
    }

    /** A header written field by field from the layout; {@code fields} alternate keys and values. */
    private static ByteBuf handBuilt(int code, int language, int version, int opaque, String remark, String... fields) {
        ByteBuf header = Unpooled.buffer();
        header.writeShort(code).writeByte(language).writeShort(version).writeInt(opaque).writeInt(0);
        writeString(header, remark, 4);
        ByteBuf area = Unpooled.buffer();
        for (int i = 0; i < fields.length; i += 2) {
            writeString(area, fields[i], 2);
            writeString(area, fields[i + 1], 4);
        }
        return header.writeInt(area.readableBytes()).writeBytes(area);
    }

    private static void writeString(ByteBuf out, String value, int lengthBytes) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (lengthBytes == 2) {
            out.writeShort(bytes.length);
        } else {
            out.writeInt(bytes.length);
        }
        out.writeBytes(bytes);
    }
}
