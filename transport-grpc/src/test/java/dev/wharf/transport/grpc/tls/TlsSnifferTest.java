package dev.wharf.transport.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class TlsSnifferTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The HTTP/2 preface and an empty SETTINGS frame, as an h2c client opens. */
    private static final byte[] H2C_OPENING = concat(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    private final List<SniffedProtocol> asked = new ArrayList<>();
    private final Marker next = new Marker();

    @Test
    void aTlsClientHelloGoesToTheTlsHandlerWithEveryByte() throws Exception {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        byte[] hello = clientHello();

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

        channel.writeInbound(Unpooled.wrappedBuffer(H2C_OPENING));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(channel.pipeline().get(TlsSniffer.class)).isNull();
        assertThat(inbound(channel)).isEqualTo(H2C_OPENING);
    }

    @Test
    void aTlsHelloArrivingOneByteAtATimeIsToldOnItsFifthByte() throws Exception {
        EmbeddedChannel channel = sniffing(protocol -> Optional.of(next));
        byte[] hello = clientHello();

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
            channel.writeInbound(Unpooled.wrappedBuffer(H2C_OPENING, i, 1));
        }
        assertThat(asked).isEmpty();
        for (int i = 23; i < H2C_OPENING.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(H2C_OPENING, i, 1));
        }

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(inbound(channel)).isEqualTo(H2C_OPENING);
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
    void aProtocolTheHandoffRefusesIsDisconnected() throws Exception {
        EmbeddedChannel channel = sniffing(protocol -> Optional.empty());
        ByteBuf hello = Unpooled.wrappedBuffer(clientHello());

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
        channel.writeInbound(Unpooled.wrappedBuffer(H2C_OPENING));
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

        channel.writeInbound(Unpooled.wrappedBuffer(H2C_OPENING));
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

    /** A real ClientHello from the JDK's TLS engine. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
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
