package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ServerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate, key and CA files replaced on disk while a listener runs. */
@EachProvider
class CertificateReloadTest {

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final Instant NOW = Instant.now();
    private static final Duration DAY = Duration.ofDays(1);

    private final TlsProvider provider;

    CertificateReloadTest(TlsProvider provider) {
        this.provider = provider;
    }

    @TempDir
    Path dir;

    private final LogLines log = new LogLines(TlsFileWatcher.class);
    private DevelopmentAuthority ca;
    private Path cert;
    private Path key;
    private Path caFile;
    private IdentityListener listener;

    @BeforeEach
    void start() throws Exception {
        ca = DevelopmentAuthority.create("CN=Test CA", NOW, DAY);
        cert = dir.resolve("server.crt");
        key = dir.resolve("server.key");
        caFile = PemFiles.writeCertificates(dir.resolve("ca.crt"), ca.certificate().chain());
        replaceServerCertificate(ca.issueServer("CN=first", List.of("localhost"), NOW, DAY));
        listener = new IdentityListener(LOOP, provider, ServerConfig.of("127.0.0.1", 0)
                .withOption(TlsOptions.MODE, "enforcing")
                .withOption(TlsOptions.CERT_PATH, cert.toString())
                .withOption(TlsOptions.KEY_PATH, key.toString())
                .withOption(TlsOptions.CLIENT_AUTH, "optional")
                .withOption(TlsOptions.CA_PATH, caFile.toString())
                .withOption(TlsOptions.RELOAD_INTERVAL, "PT0.05S"));
        listener.tls().startReloading(LOOP, Runnable::run);
    }

    @AfterEach
    void stop() {
        listener.close();
        log.close();
    }

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theNextConnectionGetsTheNewCertificateWhileAnOpenOneCarriesOn() throws Exception {
        try (SSLSocket old = TlsClients.connect(listener.port(), Optional.empty(), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(old)).isEqualTo(IdentityListener.ANONYMOUS);
            BigInteger firstSerial = TlsClients.served(old).getSerialNumber();

            CertifiedKey second = ca.issueServer("CN=second", List.of("localhost"), NOW, DAY);
            replaceServerCertificate(second);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(servedSerial()).isEqualTo(second.certificate().getSerialNumber()));
            assertThat(firstSerial).isNotEqualTo(second.certificate().getSerialNumber());
            assertThat(IdentityListener.whoAmI(old)).isEqualTo(IdentityListener.ANONYMOUS);
            assertThat(TlsClients.served(old).getSerialNumber()).isEqualTo(firstSerial);
        }
        assertThat(log.errors()).isEmpty();
    }

    @Test
    void aBrokenFileKeepsTheOldCertificateAndLogsAnErrorNamingIt() throws Exception {
        BigInteger firstSerial = servedSerial();

        Files.writeString(key, "not a key");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.errors()).singleElement()
                .asString().contains("tls.keyPath " + key.toAbsolutePath()).contains("still serving the previous"));
        assertThat(servedSerial()).isEqualTo(firstSerial);

        CertifiedKey fixed = ca.issueServer("CN=fixed", List.of("localhost"), NOW, DAY);
        replaceServerCertificate(fixed);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(servedSerial()).isEqualTo(fixed.certificate().getSerialNumber()));
        assertThat(log.errors()).hasSize(1);
    }

    @Test
    void aNewCaBundleDecidesWhichClientsAreKnown() throws Exception {
        DevelopmentAuthority next = DevelopmentAuthority.create("CN=Next CA", NOW, DAY);
        CertifiedKey client = next.issueClient("CN=newcomer", List.of(), NOW, DAY);
        try (SSLSocket before = TlsClients.connect(listener.port(), Optional.of(client), Optional.empty())) {
            // Optional client auth: a certificate the CAs do not know counts as none.
            assertThat(IdentityListener.whoAmI(before)).isEqualTo(IdentityListener.ANONYMOUS);
        }

        Path staged = PemFiles.writeCertificates(dir.resolve("ca.next"), next.certificate().chain());
        Files.move(staged, caFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (SSLSocket after = TlsClients.connect(listener.port(), Optional.of(client), Optional.empty())) {
                assertThat(IdentityListener.whoAmI(after)).isEqualTo("CN=newcomer");
            }
        });
    }

    /** Writes both files elsewhere and renames them into place, as certificate tools do. */
    private void replaceServerCertificate(CertifiedKey next) throws Exception {
        Path stagedCert = PemFiles.writeCertificates(dir.resolve("server.crt.next"), next.chain());
        Path stagedKey = PemFiles.writePrivateKey(dir.resolve("server.key.next"), next.privateKey());
        Files.move(stagedKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(stagedCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private BigInteger servedSerial() throws Exception {
        try (SSLSocket socket = TlsClients.connect(listener.port(), Optional.empty(), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(socket)).isEqualTo(IdentityListener.ANONYMOUS);
            return TlsClients.served(socket).getSerialNumber();
        }
    }
}
