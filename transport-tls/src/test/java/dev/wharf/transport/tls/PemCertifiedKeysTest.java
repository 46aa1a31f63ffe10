package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCertifiedKeysTest {

    private static CertifiedKey rsa;
    private static CertifiedKey ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        rsa = TestCertificates.selfSigned("rsa-server", "RSA");
        ec = TestCertificates.selfSigned("ec-server", "EC");
    }

    @Test
    void readsAChainAndAPlainPkcs8Key() throws Exception {
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), List.of(rsa.certificate(), ec.certificate()));
        Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), rsa.privateKey());

        CertifiedKey read = PemCertifiedKeys.read(cert, key, Optional.empty());

        assertThat(read.chain()).containsExactly(rsa.certificate(), ec.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(rsa.privateKey().getEncoded());
    }

    @Test
    void decryptsAnEncryptedPkcs8KeyWithItsPassword() throws Exception {
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), ec.chain());
        Path key = TestCertificates.writeEncryptedPkcs8(dir.resolve("server.key"), ec.privateKey(), "s3cret");
        assertThat(Files.readString(key)).contains("BEGIN ENCRYPTED PRIVATE KEY");

        CertifiedKey read = PemCertifiedKeys.read(cert, key, Optional.of("s3cret"));

        assertThat(read.privateKey().getEncoded()).isEqualTo(ec.privateKey().getEncoded());
    }

    @Test
    void aWrongPasswordNamesTheKeyFileAndThePasswordOption() throws Exception {
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), ec.chain());
        Path key = TestCertificates.writeEncryptedPkcs8(dir.resolve("server.key"), ec.privateKey(), "s3cret");

        assertThatThrownBy(() -> PemCertifiedKeys.read(cert, key, Optional.of("guess")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls.keyPath " + key.toAbsolutePath() + ": cannot decrypt the key; is tls.keyPassword right?");
    }

    @Test
    void anEncryptedKeyWithoutPasswordAsksForOne() throws Exception {
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), ec.chain());
        Path key = TestCertificates.writeEncryptedPkcs8(dir.resolve("server.key"), ec.privateKey(), "s3cret");

        assertThatThrownBy(() -> PemCertifiedKeys.read(cert, key, Optional.empty()))
                .hasMessage("tls.keyPath " + key.toAbsolutePath() + ": the key is encrypted; set tls.keyPassword");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), ec.privateKey());
        Path missing = dir.resolve("nowhere.crt");

        assertThatThrownBy(() -> PemCertifiedKeys.read(missing, key, Optional.empty()))
                .hasMessage("tls.certPath " + missing.toAbsolutePath() + ": no such file");
    }

    @Test
    void aCertificateFileWithoutCertificatesIsRefused() throws Exception {
        Path notACert = TestCertificates.writePkcs8(dir.resolve("server.crt"), ec.privateKey());
        Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), ec.privateKey());

        assertThatThrownBy(() -> PemCertifiedKeys.read(notACert, key, Optional.empty()))
                .hasMessageStartingWith("tls.certPath " + notACert.toAbsolutePath() + ": no certificate in it");
    }

    @Test
    void aBinaryFileIsNotAnError() throws Exception {
        Path der = Files.write(dir.resolve("server.der"), ec.certificate().getEncoded());
        Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), ec.privateKey());

        assertThatThrownBy(() -> PemCertifiedKeys.read(der, key, Optional.empty()))
                .hasMessageStartingWith("tls.certPath " + der.toAbsolutePath() + ": no certificate in it");
    }

    @Test
    void aTraditionalKeyComesWithTheCommandThatConvertsIt() throws Exception {
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), rsa.chain());
        Path key = TestCertificates.writeTraditional(dir.resolve("server.key"), rsa.privateKey());
        assertThat(Files.readString(key)).contains("BEGIN RSA PRIVATE KEY");

        assertThatThrownBy(() -> PemCertifiedKeys.read(cert, key, Optional.empty()))
                .hasMessageContaining("holds a traditional (PKCS#1 or SEC1) key")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aKeyFileWithoutKeyIsRefused() throws Exception {
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), ec.chain());

        assertThatThrownBy(() -> PemCertifiedKeys.read(cert, cert, Optional.empty()))
                .hasMessageStartingWith("tls.keyPath " + cert.toAbsolutePath() + ": no private key in it");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        CertifiedKey otherEc = TestCertificates.selfSigned("other", "EC");
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), ec.chain());
        Path otherKey = TestCertificates.writePkcs8(dir.resolve("other.key"), otherEc.privateKey());
        Path rsaKey = TestCertificates.writePkcs8(dir.resolve("rsa.key"), rsa.privateKey());

        assertThatThrownBy(() -> PemCertifiedKeys.read(cert, otherKey, Optional.empty()))
                .hasMessage("tls.keyPath " + otherKey.toAbsolutePath()
                        + ": this private key does not belong to the first certificate in " + cert.toAbsolutePath());
        assertThatThrownBy(() -> PemCertifiedKeys.read(cert, rsaKey, Optional.empty()))
                .hasMessageContaining("does not belong to the first certificate");
    }
}
