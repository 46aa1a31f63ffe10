package dev.wharf.transport.unified;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.LogLines;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The layers of a unified port on an embedded channel: what reaches which protocol, and what is refused. */
class UnifiedPipelineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String WEBSOCKET_OPENING = "GET /v1/ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n";
    private static final String REMOTING_OPENING = "\0\0\0\u0010\0\0\0\u000c{\"code\":105}";

    private final TestAdopter grpc = TestAdopter.detected("grpc", "PRI * HTTP/2.0", 200, "h2");
    private final TestAdopter websocket = TestAdopter.detected("websocket", "GET /v1/ws", 150, "http/1.1");
    private final TestAdopter http = TestAdopter.detected("http", "POST ", 100, "h2", "http/1.1");
    private final TestAdopter remoting = TestAdopter.fallback("remoting");
    private final List<TestAdopter> all = List.of(grpc, websocket, http, remoting);

    static Stream<Arguments> openings() {
        return Stream.of(
                Arguments.of("grpc", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                Arguments.of("websocket", WEBSOCKET_OPENING),
                Arguments.of("http", "POST /v1/topics/t/messages HTTP/1.1\r\n\r\n"),
                Arguments.of("remoting", REMOTING_OPENING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openings")
    void eachProtocolIsRecognisedFromOneByteAtATimeAndGetsEveryByte(String protocol, String opening) {
        EmbeddedChannel channel = port(false);

        writeByteByByte(channel, opening);

        TestAdopter expected = adopter(protocol);
        assertThat(expected.adopted).containsExactly(channel);
        assertThat(expected.received()).isEqualTo(opening);
        all.stream().filter(other -> other != expected).forEach(other -> assertThat(other.adopted).isEmpty());
        assertThat(channel.pipeline().names()).doesNotContain(ProtocolDetectionHandler.NAME, DetectionDeadline.NAME,
                "proxy-gate");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aProxyV1HeaderGivesTheConnectionTheClientAddressItCarries() {
        EmbeddedChannel channel = port(true);

        writeByteByByte(channel, "PROXY TCP4 198.51.100.7 192.0.2.2 40000 8080\r\n" + WEBSOCKET_OPENING);

        assertThat(websocket.received()).isEqualTo(WEBSOCKET_OPENING);
        assertThat(ClientAddress.of(channel)).isEqualTo(new InetSocketAddress("198.51.100.7", 40000));
    }

    @Test
    void aProxyV2HeaderGivesTheConnectionTheClientAddressItCarries() {
        EmbeddedChannel channel = port(true);
        ByteBuf header = Unpooled.buffer();
        header.writeBytes(ProxyHeaderDetector.V2)
                .writeByte(0x21)                          // version 2, PROXY
                .writeByte(0x11)                          // TCP over IPv4
                .writeShort(12)
                .writeBytes(new byte[] {(byte) 203, 0, 113, 9}).writeBytes(new byte[] {(byte) 192, 0, 2, 2})
                .writeShort(51000).writeShort(8080);
        byte[] bytes = new byte[header.readableBytes()];
        header.readBytes(bytes);

        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        writeByteByByte(channel, REMOTING_OPENING);

        assertThat(remoting.received()).isEqualTo(REMOTING_OPENING);
        assertThat(ClientAddress.of(channel)).isEqualTo(new InetSocketAddress("203.0.113.9", 51000));
    }

    @Test
    void aProxyHeaderOnAPortWithoutProxyProtocolIsRefusedNamingThePeer() {
        try (LogLines log = new LogLines(ProxyHeaderGate.class, Level.WARN)) {
            EmbeddedChannel channel = port(false);

            writeByteByByte(channel, "PROXY TCP4 10.0.0.1 192.0.2.2 40000 8080\r\n" + WEBSOCKET_OPENING);

            assertThat(channel.isOpen()).isFalse();
            all.forEach(adopter -> assertThat(adopter.adopted).isEmpty());
            assertThat(log.lines(Level.WARN)).singleElement().asString()
                    .contains("connection from " + channel.remoteAddress() + " refused")
                    .contains("PROXY protocol header, which this port does not read");
        }
    }

    @Test
    void aConnectionWithoutAHeaderOnAProxyProtocolPortIsRefused() {
        try (LogLines log = new LogLines(ProxyHeaderGate.class, Level.WARN)) {
            EmbeddedChannel channel = port(true);

            writeByteByByte(channel, WEBSOCKET_OPENING);

            assertThat(channel.isOpen()).isFalse();
            all.forEach(adopter -> assertThat(adopter.adopted).isEmpty());
            assertThat(log.lines(Level.WARN)).singleElement().asString().contains("sent no PROXY protocol header");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheDetectionTimeout() {
        try (LogLines log = new LogLines(DetectionDeadline.class, Level.DEBUG)) {
            EmbeddedChannel channel = port(false);

            channel.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).isTrue();

            channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).isFalse();
            assertThat(log.lines(Level.DEBUG)).singleElement().asString().contains("no protocol recognised within PT5S");
        }
    }

    @Test
    void aConnectionStuckInAnUndecidedOpeningIsClosedAtTheTimeoutButAnAdoptedOneIsNot() {
        EmbeddedChannel undecided = port(false);
        EmbeddedChannel adopted = port(false);

        writeByteByByte(undecided, "GET /v1");
        writeByteByByte(adopted, WEBSOCKET_OPENING);
        undecided.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        adopted.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        undecided.runScheduledPendingTasks();
        adopted.runScheduledPendingTasks();

        assertThat(undecided.isOpen()).isFalse();
        assertThat(adopted.isOpen()).isTrue();
    }

    @Test
    void bytesNoProtocolClaimsCloseAPortWithoutFallback() {
        EmbeddedChannel channel = port(List.of(grpc, http), false);

        writeByteByByte(channel, REMOTING_OPENING);

        assertThat(channel.isOpen()).isFalse();
        assertThat(grpc.adopted).isEmpty();
        assertThat(http.adopted).isEmpty();
    }

    @Test
    void anOpeningThatStaysUndecidedPastTheByteLimitIsClosed() {
        TestAdopter endless = new TestAdopter("endless",
                Optional.of(new PrefixDetector("x".repeat(UnifiedOptions.MAX_DETECTION_BYTES + 10), 10)), List.of());
        EmbeddedChannel channel = port(List.of(endless), false);

        channel.writeInbound(Unpooled.wrappedBuffer("x".repeat(UnifiedOptions.MAX_DETECTION_BYTES + 1)
                .getBytes(StandardCharsets.US_ASCII)));

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void bytesArrivingWhileAProtocolSetsUpReachItAfterTheOpeningInOrder() {
        CompletableFuture<Void> setUp = websocket.completeLater();
        EmbeddedChannel channel = port(false);

        writeByteByByte(channel, WEBSOCKET_OPENING);
        writeByteByByte(channel, "more");
        assertThat(websocket.received()).isEmpty();

        setUp.complete(null);
        channel.runPendingTasks();
        writeByteByByte(channel, "!");

        assertThat(websocket.received()).isEqualTo(WEBSOCKET_OPENING + "more!");
    }

    @Test
    void aDetectorWaitingOnAClientThatWaitsForTheServerGetsItsPromptSentOnce() {
        PrefixDetector h2 = new PrefixDetector("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nHEADERS", 200) {
            @Override
            public Optional<byte[]> prompt(ByteBuf in) {
                return in.readableBytes() >= 24 ? Optional.of("SETTINGS".getBytes(StandardCharsets.US_ASCII))
                        : Optional.empty();
            }
        };
        TestAdopter waiting = new TestAdopter("grpc", Optional.of(h2), List.of("h2"));
        EmbeddedChannel channel = port(List.of(waiting, remoting), false);

        writeByteByByte(channel, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        writeByteByByte(channel, "HEADER");
        ByteBuf prompt = channel.readOutbound();

        assertThat(prompt.toString(StandardCharsets.US_ASCII)).isEqualTo("SETTINGS");
        assertThat((Object) channel.readOutbound()).as("only once").isNull();
        writeByteByByte(channel, "S");
        assertThat(waiting.adopted).containsExactly(channel);
    }

    private EmbeddedChannel port(boolean proxyProtocol) {
        return port(List.copyOf(all), proxyProtocol);
    }

    private EmbeddedChannel port(List<TestAdopter> adopters, boolean proxyProtocol) {
        UnifiedChannelInitializer initializer = new UnifiedChannelInitializer(
                new UnifiedOptions(proxyProtocol, TIMEOUT, UnifiedOptions.MAX_DETECTION_BYTES), Optional.empty(),
                new DetectorTable(List.copyOf(adopters)));
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(initializer);
        return channel;
    }

    private TestAdopter adopter(String name) {
        return all.stream().filter(adopter -> adopter.protocol().name().equals(name)).findFirst().orElseThrow();
    }

    private static void writeByteByByte(EmbeddedChannel channel, String text) {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            if (!channel.isOpen()) {
                return;
            }
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }
}
