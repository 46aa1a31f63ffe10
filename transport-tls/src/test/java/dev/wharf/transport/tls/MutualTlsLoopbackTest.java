package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Path;
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

/** {@code tls.clientAuth} none / optional / require, met by JDK clients with and without a certificate. */
@EachProvider
class MutualTlsLoopbackTest {

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final Instant NOW = Instant.now();
    private static final Duration DAY = Duration.ofDays(1);

    private final TlsProvider provider;

    MutualTlsLoopbackTest(TlsProvider provider) {
        this.provider = provider;
    }

    @TempDir
    Path dir;

    private DevelopmentAuthority ca;
    private CertifiedKey client;
    private ServerConfig base;
    private IdentityListener listener;

    @BeforeEach
    void makeCertificates() throws Exception {
        ca = DevelopmentAuthority.create("CN=Test CA", NOW, DAY);
        client = ca.issueClient("CN=orders-service,O=Example", List.of(), NOW, DAY);
        base = ServerConfig.of("127.0.0.1", 0)
                .withOption(TlsOptions.MODE, "enforcing")
                .withOption(TlsOptions.CA_PATH, PemFiles.writeCertificates(dir.resolve("ca.crt"),
                        ca.certificate().chain()).toString());
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void requireRefusesAClientWithoutACertificateAndNamesOneWithIt() throws Exception {
        listener = new IdentityListener(LOOP, provider, base.withOption(TlsOptions.CLIENT_AUTH, "require"));

        try (SSLSocket with = TlsClients.connect(listener.port(), Optional.of(client), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(with)).isEqualTo("CN=orders-service,O=Example");
        }
        try (SSLSocket without = TlsClients.connect(listener.port(), Optional.empty(), Optional.empty())) {
            // TLS 1.3: the client may finish its side first; the server's alert ends the exchange either way.
            assertThatThrownBy(() -> IdentityListener.whoAmI(without)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void requireRefusesACertificateAnotherCaSigned() throws Exception {
        listener = new IdentityListener(LOOP, provider, base.withOption(TlsOptions.CLIENT_AUTH, "require"));
        CertifiedKey stranger = DevelopmentAuthority.create("CN=Other CA", NOW, DAY).issueClient("CN=intruder", List.of(), NOW, DAY);

        try (SSLSocket socket = TlsClients.connect(listener.port(), Optional.of(stranger), Optional.empty())) {
            assertThatThrownBy(() -> IdentityListener.whoAmI(socket)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void optionalServesBothAndNamesOnlyTheClientWithACertificate() throws Exception {
        listener = new IdentityListener(LOOP, provider, base.withOption(TlsOptions.CLIENT_AUTH, "optional"));

        try (SSLSocket with = TlsClients.connect(listener.port(), Optional.of(client), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(with)).isEqualTo("CN=orders-service,O=Example");
        }
        try (SSLSocket without = TlsClients.connect(listener.port(), Optional.empty(), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(without)).isEqualTo(IdentityListener.ANONYMOUS);
        }
    }

    @Test
    void noneNeverAsksForACertificate() throws Exception {
        listener = new IdentityListener(LOOP, provider, ServerConfig.of("127.0.0.1", 0).withOption(TlsOptions.MODE, "enforcing"));

        try (SSLSocket with = TlsClients.connect(listener.port(), Optional.of(client), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(with)).isEqualTo(IdentityListener.ANONYMOUS);
        }
    }

    @Test
    void thePeerCarriesTheCertificatesAlternativeNames() throws Exception {
        listener = new IdentityListener(LOOP, provider, base.withOption(TlsOptions.CLIENT_AUTH, "require"));
        CertifiedKey named = ca.issueClient("CN=billing", List.of("billing.internal", "10.0.0.7"), NOW, DAY);

        try (SSLSocket socket = TlsClients.connect(listener.port(), Optional.of(named), Optional.empty())) {
            assertThat(IdentityListener.whoAmI(socket)).isEqualTo("CN=billing [billing.internal, 10.0.0.7]");
        }
    }
}
