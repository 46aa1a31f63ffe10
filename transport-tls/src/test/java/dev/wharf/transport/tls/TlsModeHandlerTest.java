package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsModeHandlerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] HTTP = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A plaintext protocol with magic bytes, as gRPC's HTTP/2 preface. */
    private static final byte[] MAGIC = "WHARF!".getBytes(StandardCharsets.US_ASCII);

    private final List<SniffedProtocol> asked = new ArrayList<>();
    private final Marker tlsHandler = new Marker();
    private final Recorder behind = new Recorder();
    private final LogLines warnings = new LogLines(TlsModeHandler.class);

    @AfterEach
    void stopCapture() {
        warnings.close();
    }

    @Test
    void permissiveHandsATlsClientHelloWithEveryByteToTheTlsHandler() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
        byte[] hello = Openings.clientHello();

        channel.writeInbound(Unpooled.wrappedBuffer(hello));

        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNull();
        assertThat(channel.pipeline().first()).isSameAs(tlsHandler);
        assertThat(tlsHandler.bytes()).isEqualTo(hello);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void permissivePassesPlaintextOnUntouched() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);

        channel.writeInbound(Unpooled.wrappedBuffer(HTTP));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(channel.pipeline().first()).isSameAs(behind);
        assertThat(behind.bytes()).isEqualTo(HTTP);
        assertThat(tlsHandler.bytes()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aTlsHelloArrivingOneByteAtATimeIsToldOnItsFifthByte() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
        byte[] hello = Openings.clientHello();

        for (int i = 0; i < 4; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(hello, i, 1));
        }
        assertThat(asked).isEmpty();
        assertThat(behind.bytes()).isEmpty();

        for (int i = 4; i < hello.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(hello, i, 1));
        }
        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(tlsHandler.bytes()).isEqualTo(hello);
    }

    @Test
    void plaintextArrivingOneByteAtATimeIsToldOnItsFirstByte() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);

        channel.writeInbound(Unpooled.wrappedBuffer(HTTP, 0, 1));
        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        for (int i = 1; i < HTTP.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(HTTP, i, 1));
        }

        assertThat(behind.bytes()).isEqualTo(HTTP);
    }

    @Test
    void plaintextThatBeginsLikeATlsRecordWaitsUntilItDiffers() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
        // Handshake type and major version 3, then a minor version no TLS has.
        byte[] almost = {0x16, 0x03, 0x09, 'x'};

        channel.writeInbound(Unpooled.wrappedBuffer(almost, 0, 1));
        channel.writeInbound(Unpooled.wrappedBuffer(almost, 1, 1));
        assertThat(asked).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(almost, 2, 2));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(behind.bytes()).isEqualTo(almost);
    }

    @Test
    void aPlaintextDetectorTurnsAwayBytesThatAreNeither() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, new MagicDetector(MAGIC.length));
        ByteBuf garbage = Unpooled.copiedBuffer(HTTP);

        channel.writeInbound(garbage);

        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(behind.bytes()).isEmpty();
        assertThat(garbage.refCnt()).isZero();
        assertThat(warnings.warnings()).isEmpty();
    }

    @Test
    void aPlaintextDetectorIsAskedUntilItKnows() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, new MagicDetector(MAGIC.length));

        for (int i = 0; i < MAGIC.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(MAGIC, i, 1));
        }
        assertThat(asked).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(MAGIC, MAGIC.length - 1, 1));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(behind.bytes()).isEqualTo(MAGIC);
    }

    @Test
    void enforcingRefusesPlaintextBeforeAByteOfItPassesAndSaysSo() {
        EmbeddedChannel channel = sniffing(TlsMode.ENFORCING, TlsModeHandler.ANY_PLAINTEXT);
        ByteBuf request = Unpooled.copiedBuffer(HTTP);

        channel.writeInbound(request);

        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(behind.bytes()).isEmpty();
        assertThat(request.refCnt()).isZero();
        assertThat(warnings.warnings()).containsExactly(
                "plaintext connection from " + channel.remoteAddress() + " refused: listener is TLS-only");
    }

    @Test
    void enforcingRefusesFragmentedPlaintextAtItsFirstByte() {
        EmbeddedChannel channel = sniffing(TlsMode.ENFORCING, new MagicDetector(MAGIC.length));

        channel.writeInbound(Unpooled.wrappedBuffer(MAGIC, 0, 1));

        assertThat(channel.isOpen()).isFalse();
        assertThat(behind.bytes()).isEmpty();
        assertThat(warnings.warnings()).hasSize(1);
    }

    @Test
    void enforcingServesTls() {
        EmbeddedChannel channel = sniffing(TlsMode.ENFORCING, TlsModeHandler.ANY_PLAINTEXT);
        byte[] hello = Openings.clientHello();

        channel.writeInbound(Unpooled.wrappedBuffer(hello));

        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(tlsHandler.bytes()).isEqualTo(hello);
        assertThat(warnings.warnings()).isEmpty();
    }

    @Test
    void disabledRefusesATlsClientAndSaysSo() {
        EmbeddedChannel channel = sniffing(TlsMode.DISABLED, TlsModeHandler.ANY_PLAINTEXT);
        ByteBuf hello = Unpooled.wrappedBuffer(Openings.clientHello());

        channel.writeInbound(hello);

        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(behind.bytes()).isEmpty();
        assertThat(hello.refCnt()).isZero();
        assertThat(warnings.warnings()).containsExactly(
                "TLS connection from " + channel.remoteAddress() + " refused: listener is plaintext-only");
    }

    @Test
    void disabledPassesPlaintextOn() {
        EmbeddedChannel channel = sniffing(TlsMode.DISABLED, TlsModeHandler.ANY_PLAINTEXT);

        channel.writeInbound(Unpooled.wrappedBuffer(HTTP));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(behind.bytes()).isEqualTo(HTTP);
    }

    @Test
    void aClientThatClosesBeforeSayingEnoughIsLetGoQuietly() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
        ByteBuf start = Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01});

        channel.writeInbound(start);
        assertThat(channel.isOpen()).isTrue();
        channel.close();

        assertThat(channel.finish()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(start.refCnt()).isZero();
    }

    @Test
    void eventsBeforeTheFirstBytesReachTheNextHandlerInOrder() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);

        channel.pipeline().fireUserEventTriggered("negotiation");
        channel.pipeline().fireUserEventTriggered("second");
        assertThat(behind.events).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(HTTP));
        channel.pipeline().fireUserEventTriggered("after");

        assertThat(behind.events).containsExactly("negotiation", "second", "after");
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheTimeout() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
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
    void aClientStuckInsideATlsRecordHeaderIsDisconnectedAfterTheTimeout() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
        channel.freezeTime();

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03}));
        channel.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(behind.bytes()).isEmpty();
    }

    @Test
    void aClientThatSpokeInTimeIsNotDisconnectedLater() {
        EmbeddedChannel channel = sniffing(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT);
        channel.freezeTime();

        channel.writeInbound(Unpooled.wrappedBuffer(HTTP));
        channel.advanceTimeBy(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void whileTheHandoffIsPreparedEveryByteWaitsUnprocessedAndAllReachTheNextHandlerAfter() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        EmbeddedChannel channel = preparing(TlsMode.PERMISSIVE, ready);
        byte[] hello = Openings.clientHello();

        channel.writeInbound(Unpooled.wrappedBuffer(hello, 0, 10));
        channel.writeInbound(Unpooled.wrappedBuffer(hello, 10, hello.length - 10));
        assertThat(asked).as("the handoff is not asked before it is prepared").isEmpty();
        assertThat(tlsHandler.bytes()).isEmpty();
        assertThat(behind.bytes()).isEmpty();
        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNotNull();

        ready.complete(null);
        channel.runPendingTasks();

        assertThat(asked).containsExactly(SniffedProtocol.TLS);
        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNull();
        assertThat(tlsHandler.bytes()).isEqualTo(hello);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aHandoffThatCannotBePreparedClosesTheConnectionWithAnErrorNamingTheListener() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        EmbeddedChannel channel = preparing(TlsMode.PERMISSIVE, ready);

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));
        ready.completeExceptionally(new IllegalArgumentException("cannot set up TLS: no cipher"));
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(tlsHandler.bytes()).isEmpty();
        assertThat(warnings.errors()).singleElement().asString()
                .contains("the listener on " + channel.localAddress())
                .contains("cannot set up TLS: no cipher");
    }

    @Test
    void aClientSendingTooMuchWhileItsHandoffIsPreparedIsClosed() {
        EmbeddedChannel channel = preparing(TlsMode.PERMISSIVE, new CompletableFuture<>());

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[TlsModeHandler.MAX_WAITING_BYTES]));

        assertThat(channel.isOpen()).isFalse();
        assertThat(tlsHandler.bytes()).isEmpty();
    }

    @Test
    void aConnectionThatEndsWhileItsHandoffIsPreparedIsNotHandedOff() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        EmbeddedChannel channel = preparing(TlsMode.PERMISSIVE, ready);

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));
        channel.close();
        ready.complete(null);
        channel.runPendingTasks();

        assertThat(asked).isEmpty();
        assertThat(tlsHandler.bytes()).isEmpty();
    }

    @Test
    void plaintextIsNotHeldUpByATlsPreparation() {
        EmbeddedChannel channel = preparing(TlsMode.PERMISSIVE, new CompletableFuture<>());

        channel.writeInbound(Unpooled.wrappedBuffer(HTTP));

        assertThat(asked).containsExactly(SniffedProtocol.PLAINTEXT);
        assertThat(behind.bytes()).isEqualTo(HTTP);
    }

    /** As {@link #sniffing}, with a TLS handoff that waits for {@code ready}. */
    private EmbeddedChannel preparing(TlsMode mode, CompletableFuture<Void> ready) {
        return new EmbeddedChannel(new TlsModeHandler(mode, TlsModeHandler.ANY_PLAINTEXT, new TlsModeHandler.Handoff() {
            @Override
            public Optional<ChannelHandler> next(SniffedProtocol protocol, Channel channel) {
                asked.add(protocol);
                return protocol == SniffedProtocol.TLS ? Optional.of(tlsHandler) : Optional.empty();
            }

            @Override
            public CompletionStage<?> prepare(SniffedProtocol protocol) {
                return protocol == SniffedProtocol.TLS ? ready : TlsModeHandler.READY;
            }
        }, TIMEOUT), behind);
    }

    /** The handler under test first, then {@link #behind} as a transport's own handler. */
    private EmbeddedChannel sniffing(TlsMode mode, ProtocolDetector plaintext) {
        return new EmbeddedChannel(new TlsModeHandler(mode, plaintext, (protocol, channel) -> {
            asked.add(protocol);
            return protocol == SniffedProtocol.TLS ? Optional.of(tlsHandler) : Optional.empty();
        }, TIMEOUT), behind);
    }

    /** Stands in for the SslHandler: keeps what reaches it. */
    @ChannelHandler.Sharable
    private static class Marker extends ChannelInboundHandlerAdapter {
        private final ByteBuf received = Unpooled.buffer();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            received.writeBytes(bytes);
            bytes.release();
        }

        byte[] bytes() {
            byte[] copy = new byte[received.readableBytes()];
            received.getBytes(received.readerIndex(), copy);
            return copy;
        }
    }

    /** The transport's handler: keeps bytes and user events. */
    @ChannelHandler.Sharable
    private static final class Recorder extends Marker {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }
    }

    /** Plaintext with magic bytes: it opens with {@code W} and is told once {@code length} bytes are in. */
    private record MagicDetector(int length) implements ProtocolDetector {
        @Override
        public Result detect(ByteBuf in) {
            if (in.readableBytes() < length) {
                return Result.NEED_MORE_DATA;
            }
            return in.getByte(in.readerIndex()) == 'W' ? Result.RECOGNIZED : Result.UNRECOGNIZED;
        }

        @Override
        public int priority() {
            return 0;
        }
    }
}
