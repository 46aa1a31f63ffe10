package dev.wharf.transport.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TlsSnifferTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final List<SniffedProtocol> asked = new ArrayList<>();
    private final Marker next = new Marker();

    @Test
    void aTlsClientHelloGoesToTheTlsHandlerWithEveryByte() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        byte[] hello = Openings.clientHello();

        channel.writeInbound(Unpooled.wrappedBuffer(hello));

        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(channel.pipeline().get(TlsSniffer.class)).isNull();
        assertThat(channel.pipeline().last()).isSameAs(next);
        assertThat(inbound(channel)).isEqualTo(hello);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theHttp2PrefaceGoesToThePlaintextHandlerWithEveryByte() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.H2C));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(channel.pipeline().get(TlsSniffer.class)).isNull();
        assertThat(inbound(channel)).isEqualTo(Openings.H2C);
    }

    @Test
    void aTlsHelloArrivingOneByteAtATimeIsToldOnItsFifthByte() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        byte[] hello = Openings.clientHello();

        for (int i = 0; i < 4; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(hello, i, 1));
        }
        assertThat(asked).isEmpty();
        assertThat(channel.<Object>readInbound()).isNull();

        for (int i = 4; i < hello.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(hello, i, 1));
        }
        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(inbound(channel)).isEqualTo(hello);
    }

    @Test
    void thePrefaceArrivingOneByteAtATimeIsToldWhenComplete() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));

        for (int i = 0; i < 23; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(Openings.H2C, i, 1));
        }
        assertThat(asked).isEmpty();
        for (int i = 23; i < Openings.H2C.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(Openings.H2C, i, 1));
        }

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(inbound(channel)).isEqualTo(Openings.H2C);
    }

    @Test
    void http11IsDisconnectedAtItsFirstByte() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        ByteBuf request = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);

        channel.writeInbound(request);

        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(request.refCnt()).isZero();
    }

    @Test
    void aRecordHeaderThatIsNotAHandshakeIsDisconnected() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));

        // Handshake type, then a major version 9: no TLS, no HTTP/2.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x09}));

        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void aClientThatClosesBeforeSayingEnoughIsLetGoQuietly() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        ByteBuf start = Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01});

        channel.writeInbound(start);
        assertThat(channel.isOpen()).isTrue();
        channel.close();

        assertThat(channel.finish()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(start.refCnt()).isZero();
    }

    @Test
    void aProtocolTheHandoffRefusesIsDisconnected() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.empty());
        ByteBuf hello = Unpooled.wrappedBuffer(Openings.clientHello());

        channel.writeInbound(hello);

        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(hello.refCnt()).isZero();
    }

    @Test
    void eventsBeforeTheFirstBytesReachTheNextHandlerInOrder() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));

        channel.pipeline().fireUserEventTriggered("negotiation");
        channel.pipeline().fireUserEventTriggered("second");
        assertThat(next.events).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(Openings.H2C));
        channel.pipeline().fireUserEventTriggered("after");

        assertThat(next.events).containsExactly("negotiation", "second", "after");
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheTimeout() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        channel.freezeTime();

        channel.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void aClientThatSpokeInTimeIsNotDisconnectedLater() {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        channel.freezeTime();

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.H2C));
        channel.advanceTimeBy(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
    }

    private EmbeddedChannel sniffing(TlsSniffer.Handoff handoff) {
        return new EmbeddedChannel(new TlsSniffer(protocol -> {
            asked.add(protocol);
            return handoff.next(protocol);
        }, TIMEOUT));
    }

    /** Everything that reached the end of the pipeline, as one array; releases the buffers. */
    private static byte[] inbound(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part = channel.readInbound(); part != null; part = channel.readInbound()) {
            all.writeBytes(part);
            part.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    /** The handler the sniffer hands over to; lets bytes through and notes user events. */
    @ChannelHandler.Sharable
    private static final class Marker extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }
    }
}
