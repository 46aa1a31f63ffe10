package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-host certificates picked by the name the client asks for. */
@EachProvider
class SniLoopbackTest {

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final Instant NOW = Instant.now();
    private static final Duration DAY = Duration.ofDays(1);

    private final TlsProvider provider;

    SniLoopbackTest(TlsProvider provider) {
        this.provider = provider;
    }

    @TempDir
    Path dir;

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void eachHostGetsItsCertificateAndOtherNamesTheDefault() throws Exception {
        DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Test CA", NOW, DAY);
        CertifiedKey fallback = ca.issueServer("CN=default", List.of("localhost"), NOW, DAY);
        CertifiedKey api = ca.issueServer("CN=api", List.of("api.example.com"), NOW, DAY);
        CertifiedKey anyOrg = ca.issueServer("CN=org", List.of("*.example.org"), NOW, DAY);
        ServerConfig config = ServerConfig.of("127.0.0.1", 0).withOption(TlsOptions.MODE, "enforcing");
        config = withKey(config, "tls.", "default", fallback);
        config = withKey(config, "tls.sni.api.example.com.", "api", api);
        config = withKey(config, "tls.sni.*.example.org.", "org", anyOrg);

        try (IdentityListener listener = new IdentityListener(LOOP, provider, config)) {
            assertThat(servedFor(listener, Optional.of("api.example.com"))).isEqualTo("CN=api");
            assertThat(servedFor(listener, Optional.of("API.Example.com"))).isEqualTo("CN=api");
            assertThat(servedFor(listener, Optional.of("shop.example.org"))).isEqualTo("CN=org");
            assertThat(servedFor(listener, Optional.of("a.shop.example.org"))).isEqualTo("CN=default");
            assertThat(servedFor(listener, Optional.of("unknown.example.net"))).isEqualTo("CN=default");
            assertThat(servedFor(listener, Optional.empty())).isEqualTo("CN=default");
        }
    }

    private ServerConfig withKey(ServerConfig config, String prefix, String name, CertifiedKey key) throws Exception {
        return config
                .withOption(prefix + "certPath", PemFiles.writeCertificates(dir.resolve(name + ".crt"), key.chain()).toString())
                .withOption(prefix + "keyPath", PemFiles.writePrivateKey(dir.resolve(name + ".key"), key.privateKey()).toString());
    }

    private static String servedFor(IdentityListener listener, Optional<String> serverName) throws Exception {
        try (SSLSocket socket = TlsClients.connect(listener.port(), Optional.empty(), serverName)) {
            assertThat(IdentityListener.whoAmI(socket)).isEqualTo(IdentityListener.ANONYMOUS);
            return TlsClients.served(socket).getSubjectX500Principal().getName();
        }
    }
}
