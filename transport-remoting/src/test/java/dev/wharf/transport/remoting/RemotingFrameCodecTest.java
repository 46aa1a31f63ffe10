package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.wharf.transport.spi.LanguageCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemotingFrameCodecTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(
            new RemotingFrameDecoder(Integer.MAX_VALUE), RemotingFrameEncoder.INSTANCE);

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripsARequestWithExtFieldsNoRemarkAndNoBody(SerializeType type) {
        RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .extField("consumerGroup", "billing")
                .extField("topic", "orders")
                .extField("queueId", 2)
                .opaque(31)
                .version(479)
                .serializeType(type)
                .build();

        RemotingCommand decoded = roundTrip(request);

        assertSameCommand(decoded, request);
        assertThat(decoded.remark()).isNull();
        assertThat(decoded.body()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripsAResponseWithRemarkAndALargeBody(SerializeType type) {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(body);
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE).opaque(9).serializeType(type).build();
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .remark("found")
                .extField("nextBeginOffset", 42L)
                .body(body)
                .build();

        RemotingCommand decoded = roundTrip(response);

        assertSameCommand(decoded, response);
        assertThat(decoded.isResponse()).isTrue();
        assertThat(decoded.serializeType()).isEqualTo(type);
    }

    @Test
    void writesTheFrameLayout() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        channel.writeOutbound(RemotingCommand.request(RequestCode.HEART_BEAT).body(body).build());
        ByteBuf frame = channel.readOutbound();

        int length = frame.readInt();
        int typeAndHeaderLength = frame.readInt();
        int headerLength = typeAndHeaderLength & 0xFFFFFF;
        String header = frame.readCharSequence(headerLength, StandardCharsets.UTF_8).toString();

        assertThat(length).isEqualTo(4 + headerLength + body.length).isEqualTo(frame.readableBytes() + 4 + headerLength);
        assertThat(typeAndHeaderLength >>> 24).isZero();
        assertThat(header).startsWith("{\"code\":34,").endsWith("}");
        assertThat(frame.readCharSequence(frame.readableBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        frame.release();
    }

    @Test
    void sendsAPopCodeAsJsonEvenWhenBinaryWasAsked() {
        RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE)
                .serializeType(SerializeType.ROCKETMQ)
                .extField("consumerGroup", "g")
                .build();

        channel.writeOutbound(pop);
        ByteBuf frame = channel.readOutbound();

        assertThat(frame.getByte(4)).isEqualTo(SerializeType.JSON.code());
        RemotingCommand decoded = Frames.decode(frame);
        assertThat(decoded.code()).isEqualTo(RequestCode.POP_MESSAGE);
        assertThat(decoded.serializeType()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void decodesAFrameAsTheOfficialClientSendsIt() {
        channel.writeInbound(Frames.jsonFrame("{\"code\":105,\"extFields\":{\"topic\":\"OrderTopic\"},\"flag\":0,"
                + "\"language\":\"JAVA\",\"opaque\":42,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}",
                new byte[0]));

        RemotingCommand command = channel.readInbound();

        assertThat(command.code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(command.opaque()).isEqualTo(42);
        assertThat(command.extFields()).containsExactly(entry("topic", "OrderTopic"));
        assertThat(command.serializeType()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void decodesABinaryFrameBuiltByHand() {
        ByteBuf header = Unpooled.buffer();
        header.writeShort(RequestCode.SEND_MESSAGE_V2); // code, int16
        header.writeByte(LanguageCode.JAVA.code());
        header.writeShort(409); // version, int16
        header.writeInt(1234); // opaque
        header.writeInt(0); // flag
        header.writeInt(0); // remark: none
        byte[] key = "b".getBytes(StandardCharsets.UTF_8);
        byte[] value = "OrderTopic".getBytes(StandardCharsets.UTF_8);
        header.writeInt(2 + key.length + 4 + value.length);
        header.writeShort(key.length).writeBytes(key).writeInt(value.length).writeBytes(value);

        channel.writeInbound(Frames.frame(1, ByteBufUtil.getBytes(header), new byte[] {1, 2, 3}));
        RemotingCommand command = channel.readInbound();

        assertThat(command.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(command.version()).isEqualTo(409);
        assertThat(command.opaque()).isEqualTo(1234);
        assertThat(command.remark()).isNull();
        assertThat(command.extFields()).containsExactly(entry("b", "OrderTopic"));
        assertThat(command.body()).containsExactly(1, 2, 3);
        assertThat(command.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
    }

    @Test
    void decodesInputArrivingOneByteAtATime() {
        ByteBuf stream = Frames.encode(commands(3));

        while (stream.isReadable()) {
            channel.writeInbound(stream.readRetainedSlice(1));
        }

        assertThat(opaquesRead()).containsExactly(0, 1, 2);
        stream.release();
    }

    @Test
    void decodesFramesSplitAcrossReadsAndSeveralInOneRead() {
        ByteBuf stream = Frames.encode(commands(10));
        int[] chunks = {3, 5, 200, 1, 7, 4096, 13};

        for (int i = 0; stream.isReadable(); i++) {
            channel.writeInbound(stream.readRetainedSlice(Math.min(chunks[i % chunks.length], stream.readableBytes())));
        }

        assertThat(opaquesRead()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        stream.release();
    }

    private RemotingCommand roundTrip(RemotingCommand command) {
        channel.writeOutbound(command);
        ByteBuf frame = channel.readOutbound();
        assertThat(frame.isDirect()).as("frames leave in direct memory").isTrue();
        channel.writeInbound(frame);
        return channel.readInbound();
    }

    /** Field by field; the body apart, since comparing a large array element by element takes seconds. */
    private static void assertSameCommand(RemotingCommand actual, RemotingCommand expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("body").isEqualTo(expected);
        assertThat(actual.body()).isEqualTo(expected.body());
    }

    private static RemotingCommand[] commands(int count) {
        RemotingCommand[] commands = new RemotingCommand[count];
        for (int i = 0; i < count; i++) {
            commands[i] = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                    .opaque(i)
                    .serializeType(i % 2 == 0 ? SerializeType.JSON : SerializeType.ROCKETMQ)
                    .extField("b", "topic-" + i)
                    .body(new byte[i * 100])
                    .build();
        }
        return commands;
    }

    private List<Integer> opaquesRead() {
        List<Integer> opaques = new ArrayList<>();
        for (RemotingCommand command; (command = channel.readInbound()) != null; ) {
            opaques.add(command.opaque());
        }
        return opaques;
    }
}
