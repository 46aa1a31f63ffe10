package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSupportTest {

    private static final ServerConfig BASE = ServerConfig.of("127.0.0.1", 0);

    /** Build tasks handed to the TLS material's builder, run when the test says. */
    private final Deque<Runnable> builds = new ArrayDeque<>();
    private final AtomicInteger buildsAsked = new AtomicInteger();
    private final Executor builder = task -> {
        buildsAsked.incrementAndGet();
        builds.add(task);
    };
    private final LogLines errors = new LogLines(TlsModeHandler.class);

    @AfterEach
    void stopCapture() {
        errors.close();
    }

    @Test
    void readsTheModeAndMakesAContextWithTheAskedAlpnOnceAsked() {
        TlsSupport tls = TlsSupport.fromOptions(BASE.withOption(TlsOptions.MODE, "enforcing"), List.of("h2", "http/1.1"),
                Clock.systemUTC());

        assertThat(tls.mode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(tls.sslContext()).as("nothing is built before a TLS client asks").isEmpty();
        tls.loadSslContext().toCompletableFuture().join();
        assertThat(tls.sslContext()).hasValueSatisfying(context ->
                assertThat(context.applicationProtocolNegotiator().protocols()).containsExactly("h2", "http/1.1"));
        assertThat(tls.detectionTimeout()).isEqualTo(TlsSupport.DETECTION_TIMEOUT);
    }

    @Test
    void disabledHasNoContext() {
        TlsSupport tls = TlsSupport.fromOptions(BASE.withOption(TlsOptions.MODE, "disabled"), List.of());

        assertThat(tls.sslContext()).isEmpty();
        assertThat(tls.loadSslContext()).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> TlsSupport.fromOptions(BASE.withOption(TlsOptions.MODE, "on"), List.of()))
                .hasMessageStartingWith("tls.mode: must be one of");
    }

    @Test
    void installGoesFirstAndPutsAnSslHandlerInPlaceForATlsClient() {
        TlsSupport tls = TlsSupport.forOptions(TlsOptions.from(BASE), List.of(), Clock.systemUTC(), Runnable::run);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        tls.install(channel.pipeline());
        assertThat(channel.pipeline().names().get(0)).isEqualTo(TlsSupport.HANDLER_NAME);

        channel.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));

        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNull();
        assertThat(channel.pipeline().first()).isInstanceOf(SslHandler.class);
        // The server's answer to the hello: its own handshake records.
        assertThat(channel.<Object>readOutbound()).isNotNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void aPlaintextClientGetsNoSslHandlerAndBuildsNothing() {
        TlsSupport tls = TlsSupport.forOptions(TlsOptions.from(BASE), List.of(), Clock.systemUTC(), builder);
        EmbeddedChannel channel = new EmbeddedChannel();
        tls.install(channel.pipeline());

        channel.writeInbound(Unpooled.copiedBuffer("PING", StandardCharsets.US_ASCII));

        assertThat(channel.pipeline().get(SslHandler.class)).isNull();
        assertThat(channel.pipeline().get(TlsModeHandler.class)).isNull();
        assertThat(channel.<ByteBuf>readInbound().toString(StandardCharsets.US_ASCII)).isEqualTo("PING");
        assertThat(buildsAsked).hasValue(0);
        assertThat(tls.built()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void twoFirstTlsClientsBuildTheMaterialOnceAndEachGetsItsHandshakeAnsweredAfter() {
        TlsSupport tls = TlsSupport.forOptions(TlsOptions.from(BASE), List.of(), Clock.systemUTC(), builder);
        EmbeddedChannel first = installed(tls);
        EmbeddedChannel second = installed(tls);
        byte[] hello = Openings.clientHello();

        first.writeInbound(Unpooled.wrappedBuffer(hello, 0, 7));
        second.writeInbound(Unpooled.wrappedBuffer(hello));
        first.writeInbound(Unpooled.wrappedBuffer(hello, 7, hello.length - 7));
        assertThat(buildsAsked).hasValue(1);
        assertThat(tls.built()).isFalse();
        assertThat(first.<Object>readOutbound()).as("no answer before the context is there").isNull();
        assertThat(first.pipeline().get(SslHandler.class)).isNull();

        builds.poll().run();
        first.runPendingTasks();
        second.runPendingTasks();

        assertThat(tls.built()).isTrue();
        for (EmbeddedChannel channel : List.of(first, second)) {
            assertThat(channel.pipeline().first()).isInstanceOf(SslHandler.class);
            // The server's answer shows the whole hello, both fragments, reached the SslHandler.
            assertThat(channel.<Object>readOutbound()).isNotNull();
            assertThat(channel.isOpen()).isTrue();
        }
        EmbeddedChannel later = installed(tls);
        later.writeInbound(Unpooled.wrappedBuffer(hello));
        assertThat(later.pipeline().first()).as("later clients use the built context at once")
                .isInstanceOf(SslHandler.class);
        assertThat(buildsAsked).hasValue(1);
        List.of(first, second, later).forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void enforcingRefusesPlaintextWithoutBuildingAnything() {
        TlsSupport tls = TlsSupport.forOptions(TlsOptions.of(TlsMode.ENFORCING), List.of(), Clock.systemUTC(), builder);
        EmbeddedChannel channel = installed(tls);

        channel.writeInbound(Unpooled.copiedBuffer("PING", StandardCharsets.US_ASCII));

        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(buildsAsked).hasValue(0);
        assertThat(tls.built()).isFalse();
    }

    @Test
    void aBuildThatFailsClosesItsConnectionsWithAnErrorAndTheNextTlsClientTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Executor failingOnce = task -> {
            if (attempts.incrementAndGet() == 1) {
                throw new RejectedExecutionException("no thread for the build");
            }
            task.run();
        };
        TlsSupport tls = TlsSupport.forOptions(TlsOptions.from(BASE), List.of(), Clock.systemUTC(), failingOnce);
        EmbeddedChannel failed = installed(tls);

        failed.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));
        failed.runPendingTasks();

        assertThat(failed.isOpen()).isFalse();
        assertThat(errors.errors()).singleElement().asString()
                .contains("the listener on " + failed.localAddress())
                .contains("no thread for the build");
        assertThat(tls.built()).isFalse();

        EmbeddedChannel next = installed(tls);
        next.writeInbound(Unpooled.wrappedBuffer(Openings.clientHello()));
        next.runPendingTasks();

        assertThat(attempts).hasValue(2);
        assertThat(tls.built()).isTrue();
        assertThat(next.pipeline().first()).isInstanceOf(SslHandler.class);
        next.finishAndReleaseAll();
    }

    @Test
    void aKeyFileThatCannotBeUsedStillFailsTheStart(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("server.crt");
        Path key = Files.writeString(dir.resolve("server.key"), "not a key");
        PemFiles.writeCertificates(cert, DevelopmentCertificate.generate(Instant.now(), Optional.empty()).chain());

        assertThatThrownBy(() -> TlsSupport.forOptions(TlsOptions.from(BASE
                        .withOption(TlsOptions.CERT_PATH, cert.toString())
                        .withOption(TlsOptions.KEY_PATH, key.toString())), List.of(), Clock.systemUTC(), builder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TlsOptions.KEY_PATH);
        assertThat(buildsAsked).hasValue(0);
    }

    @Test
    void aWrongKeyPasswordStillFailsTheStart(@TempDir Path dir) throws Exception {
        CertifiedKey key = TestCertificates.selfSigned("server", "EC");
        ServerConfig config = BASE
                .withOption(TlsOptions.CERT_PATH, TestCertificates.writeChain(dir.resolve("s.crt"), key.chain()).toString())
                .withOption(TlsOptions.KEY_PATH,
                        TestCertificates.writeEncryptedPkcs8(dir.resolve("s.key"), key.privateKey(), "right").toString())
                .withOption(TlsOptions.KEY_PASSWORD, "wrong");

        assertThatThrownBy(() -> TlsSupport.forOptions(TlsOptions.from(config), List.of(), Clock.systemUTC(), builder))
                .hasMessageStartingWith(TlsOptions.KEY_PATH + " ");
        assertThat(buildsAsked).hasValue(0);
    }

    @Test
    void openSslAskedForWithAKeyItDoesNotTakeStillFailsTheStart(@TempDir Path dir) throws Exception {
        CertifiedKey key = TestCertificates.selfSigned("server", "Ed25519");
        ServerConfig config = BASE
                .withOption(TlsOptions.CERT_PATH, TestCertificates.writeChain(dir.resolve("s.crt"), key.chain()).toString())
                .withOption(TlsOptions.KEY_PATH, TestCertificates.writePkcs8(dir.resolve("s.key"), key.privateKey()).toString())
                .withOption(TlsOptions.PROVIDER, "openssl");

        // The JDK reads an Ed25519 PKCS#8 key back as an "EdDSA" one.
        assertThatThrownBy(() -> TlsSupport.forOptions(TlsOptions.from(config), List.of(), Clock.systemUTC(), builder))
                .hasMessage("tls.provider openssl: OpenSSL does not take EdDSA keys (only EC, RSA)");
        assertThat(buildsAsked).hasValue(0);
    }

    private static EmbeddedChannel installed(TlsSupport tls) {
        EmbeddedChannel channel = new EmbeddedChannel();
        tls.install(channel.pipeline());
        return channel;
    }
}
