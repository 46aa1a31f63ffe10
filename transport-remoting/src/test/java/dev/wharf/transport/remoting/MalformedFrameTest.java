package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever is wrong with a frame, the connection closes with one warning and nothing is dispatched. */
class MalformedFrameTest {

    private static final int MAX_FRAME = 1024;

    private final List<RemotingCommand> dispatched = new CopyOnWriteArrayList<>();
    private final LogLines log = new LogLines(RemotingInboundHandler.class);
    private final EmbeddedChannel channel = remotingChannel();

    @AfterEach
    void tearDown() {
        log.close();
        channel.finishAndReleaseAll();
    }

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                Arguments.of("negative length", Unpooled.buffer().writeInt(-1), "frame length -1"),
                Arguments.of("length shorter than its fields", Unpooled.buffer().writeInt(3), "frame length 3"),
                Arguments.of("frame over the limit", Unpooled.buffer().writeInt(MAX_FRAME - 3), "exceeds the limit"),
                Arguments.of("header longer than the frame",
                        Unpooled.buffer().writeInt(20).writeInt(17), "header length 17 exceeds the frame length 20"),
                Arguments.of("unknown serialize type",
                        Unpooled.buffer().writeInt(8).writeInt((2 << 24) | 4).writeInt(0), "unknown serialize type 2"),
                Arguments.of("garbage JSON", Frames.jsonFrame("{code:", new byte[0]), "bad JSON header"),
                Arguments.of("truncated binary header",
                        Frames.frame(1, new byte[] {0, 10, 0}, new byte[0]), "binary header"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void closesTheConnectionWithOneWarning(String what, ByteBuf frame, String reason) {
        channel.writeInbound(frame);

        assertThat(channel.isOpen()).isFalse();
        assertThat(dispatched).isEmpty();
        assertThat(log.lines(Level.WARN)).singleElement().asString()
                .contains("malformed frame", reason, channel.remoteAddress().toString());
    }

    @Test
    void refusesAnOversizeFrameFromItsLengthAloneBeforeAnyOfItIsBuffered() {
        channel.writeInbound(Unpooled.buffer().writeInt(Integer.MAX_VALUE));

        assertThat(channel.isOpen()).isFalse();
        assertThat(log.lines(Level.WARN)).singleElement().asString().contains("exceeds the limit of " + MAX_FRAME);
    }

    @Test
    void dispatchesTheGoodFramesBeforeABadOneAndDiscardsTheRest() {
        ByteBuf read = Unpooled.buffer()
                .writeBytes(Frames.encode(RemotingCommand.request(34).opaque(1).oneway().build()))
                .writeBytes(Frames.jsonFrame("nonsense", new byte[0]))
                .writeBytes(Frames.encode(RemotingCommand.request(34).opaque(2).oneway().build()));

        channel.writeInbound(read);

        assertThat(dispatched).extracting(RemotingCommand::opaque).containsExactly(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(log.lines(Level.WARN)).hasSize(1);
    }

    @Test
    void acceptsAFrameOfExactlyTheLimit() {
        String header = "{\"code\":34,\"flag\":2}";
        int bodyLength = MAX_FRAME - 8 - header.length();
        channel.writeInbound(Frames.frame(0, header.getBytes(StandardCharsets.UTF_8), new byte[bodyLength]));

        assertThat(channel.isOpen()).isTrue();
        assertThat(dispatched).singleElement().satisfies(command -> assertThat(command.body()).hasSize(bodyLength));
    }

    private EmbeddedChannel remotingChannel() {
        ProcessorTable processors = new ProcessorTable();
        processors.registerDefaultProcessor((context, request) -> {
            dispatched.add(request);
            return CompletableFuture.completedFuture(null);
        }, Runnable::run);
        return new EmbeddedChannel(new RemotingChannelInitializer(
                new ChannelSettings(MAX_FRAME, Duration.ZERO),
                processors,
                Clock.systemUTC(),
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new InFlightRequests(),
                true, Optional.empty()));
    }
}
