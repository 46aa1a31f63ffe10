package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentAuthorityTest {

    private static final Instant NOW = Instant.now();
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    @Test
    void signsServerAndClientCertificatesItsOwnCertificateVerifies() throws Exception {
        DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Wharf development CA", NOW, DAY);
        CertifiedKey server = ca.issueServer("CN=localhost", List.of("localhost", "127.0.0.1", "::1"), NOW, DAY);
        CertifiedKey client = ca.issueClient("CN=orders-service", List.of(), NOW, DAY);
        X509ExtendedTrustManager trust = ClientCaTrustManager.pkix(ca.certificate().chain());

        trust.checkServerTrusted(server.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
        trust.checkClientTrusted(client.chain().toArray(X509Certificate[]::new), "EC");
        assertThat(server.certificate().getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(ca.certificate().certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void anotherAuthoritysCertificatesAreNotTrusted() {
        DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Ours", NOW, DAY);
        CertifiedKey stranger = DevelopmentAuthority.create("CN=Theirs", NOW, DAY)
                .issueClient("CN=intruder", List.of(), NOW, DAY);

        assertThatThrownBy(() -> ClientCaTrustManager.pkix(ca.certificate().chain())
                .checkClientTrusted(stranger.chain().toArray(X509Certificate[]::new), "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void itsFilesReadBackAsTheyWereWritten() throws Exception {
        DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Wharf development CA", NOW, DAY);
        CertifiedKey server = ca.issueServer("CN=localhost", List.of("localhost"), NOW, DAY);
        Path cert = PemFiles.writeCertificates(dir.resolve("server.crt"), server.chain());
        Path key = PemFiles.writePrivateKey(dir.resolve("server.key"), server.privateKey());

        CertifiedKey read = PemCertifiedKeys.read(cert, key, Optional.empty());

        assertThat(read.chain()).isEqualTo(server.chain());
        assertThat(read.privateKey().getEncoded()).isEqualTo(server.privateKey().getEncoded());
        assertThat(Files.getPosixFilePermissions(key)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void aServerCertificateNeedsAName() {
        DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Ours", NOW, DAY);

        assertThatThrownBy(() -> ca.issueServer("CN=x", List.of(), NOW, DAY))
                .hasMessage("a server certificate needs at least one host name or address");
        assertThatThrownBy(() -> DevelopmentAuthority.create("not a name", NOW, DAY))
                .hasMessageStartingWith("cannot make the certificate 'not a name'");
    }
}
