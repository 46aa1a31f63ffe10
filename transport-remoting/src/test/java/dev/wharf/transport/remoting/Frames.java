package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Frames for tests: built by hand from the wire layout, or by the codec under test. */
final class Frames {

    private Frames() {}

    /** A frame laid out by hand: length, serialize type and header length, header, body. */
    static ByteBuf frame(int serializeType, byte[] header, byte[] body) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + header.length + body.length);
        frame.writeInt((serializeType << 24) | header.length);
        frame.writeBytes(header);
        frame.writeBytes(body);
        return frame;
    }

    static ByteBuf jsonFrame(String header, byte[] body) {
        return frame(0, header.getBytes(StandardCharsets.UTF_8), body);
    }

    /** The bytes the encoder writes for {@code commands}, one after the other, in a heap buffer. */
    static ByteBuf encode(RemotingCommand... commands) {
        EmbeddedChannel channel = new EmbeddedChannel(RemotingFrameEncoder.INSTANCE);
        ByteBuf all = Unpooled.buffer();
        for (RemotingCommand command : commands) {
            channel.writeOutbound(command);
            ByteBuf frame = channel.readOutbound();
            all.writeBytes(frame);
            frame.release();
        }
        channel.finishAndReleaseAll();
        return all;
    }

    /** The one command in {@code frame}, decoded by the decoder under test. */
    static RemotingCommand decode(ByteBuf frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(Integer.MAX_VALUE));
        channel.writeInbound(frame);
        RemotingCommand command = channel.readInbound();
        channel.finishAndReleaseAll();
        return command;
    }
}
