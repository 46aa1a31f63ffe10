package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate files that change before and after the first TLS client built the material. */
class DeferredTlsMaterialTest {

    @TempDir
    Path dir;

    private TlsOptions options;

    @BeforeEach
    void writeFirstCertificate() throws Exception {
        write(TestCertificates.selfSigned("first", "EC"));
        options = TlsOptions.from(ServerConfig.of("127.0.0.1", 0)
                .withOption(TlsOptions.CERT_PATH, dir.resolve("server.crt").toString())
                .withOption(TlsOptions.KEY_PATH, dir.resolve("server.key").toString()));
    }

    @Test
    void filesReloadedBeforeTheFirstTlsClientAreWhatTheBuildServes() throws Exception {
        DeferredTlsMaterial material = new DeferredTlsMaterial(options, List.of(), Clock.systemUTC(), Runnable::run);
        CertifiedKey second = TestCertificates.selfSigned("second", "EC");
        write(second);

        material.reload();

        assertThat(material.ifBuilt()).as("a reload builds nothing").isEmpty();
        assertThat(material.built().join().keys().defaultKey().certificate()).isEqualTo(second.certificate());
    }

    @Test
    void filesReloadedAfterTheBuildReachTheBuiltMaterial() throws Exception {
        DeferredTlsMaterial material = new DeferredTlsMaterial(options, List.of(), Clock.systemUTC(), Runnable::run);
        ServerTlsMaterial built = material.built().join();
        CertifiedKey second = TestCertificates.selfSigned("second", "EC");
        write(second);

        material.reload();

        assertThat(material.built().join()).isSameAs(built);
        assertThat(built.keys().defaultKey().certificate()).isEqualTo(second.certificate());
    }

    private void write(CertifiedKey key) throws Exception {
        TestCertificates.writeChain(dir.resolve("server.crt"), key.chain());
        TestCertificates.writePkcs8(dir.resolve("server.key"), key.privateKey());
    }
}
