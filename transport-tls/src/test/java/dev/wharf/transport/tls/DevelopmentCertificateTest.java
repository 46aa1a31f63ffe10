package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevelopmentCertificateTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void isASelfSignedP256ServerCertificateForWharfDevValidForAYear() throws Exception {
        X509Certificate certificate = DevelopmentCertificate.generate(NOW, Optional.empty()).certificate();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=wharf-dev");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getNotBefore().toInstant()).isBeforeOrEqualTo(NOW);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void namesTheLoopbackAddressesAndTheHostName() throws Exception {
        X509Certificate certificate = DevelopmentCertificate.generate(NOW, Optional.of("wharf-host")).certificate();

        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "wharf-host"));
    }

    @Test
    void theKeyIsTheCertificates() throws Exception {
        CertifiedKey dev = DevelopmentCertificate.generate(NOW, Optional.empty());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(dev.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(dev.certificate());
        verifier.update(new byte[] {1, 2, 3});

        assertThat(verifier.verify(signature)).isTrue();
    }
}
