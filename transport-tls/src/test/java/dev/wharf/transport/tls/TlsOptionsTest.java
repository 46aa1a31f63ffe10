package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {

    private static final ServerConfig BASE = ServerConfig.of("127.0.0.1", 0);

    @Test
    void withoutOptionsTheModeIsPermissiveWithADevelopmentCertificate() {
        TlsOptions options = TlsOptions.from(BASE);

        assertThat(options).isEqualTo(TlsOptions.permissive());
        assertThat(options.hasCertificate()).isFalse();
    }

    @Test
    void readsEveryOption() {
        TlsOptions options = TlsOptions.from(BASE
                .withOption("tls.mode", "Enforcing")
                .withOption("tls.certPath", "conf/server.crt")
                .withOption("tls.keyPath", "conf/server.key")
                .withOption("tls.keyPassword", "s3cret"));

        assertThat(options).isEqualTo(new TlsOptions(TlsMode.ENFORCING, Optional.of(Path.of("conf/server.crt")),
                Optional.of(Path.of("conf/server.key")), Optional.of("s3cret")));
    }

    @Test
    void blankOptionsAreAbsent() {
        assertThat(TlsOptions.from(BASE.withOption("tls.certPath", " ").withOption("tls.keyPassword", "")))
                .isEqualTo(TlsOptions.permissive());
    }

    @Test
    void badValuesAndContradictionsNameTheOption() {
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.mode", "strict")))
                .hasMessage("tls.mode: must be one of disabled, permissive, enforcing; got 'strict'");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.certPath", "a.crt")))
                .hasMessage("tls.keyPath must be set with tls.certPath");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.keyPath", "a.key")))
                .hasMessage("tls.certPath must be set with tls.keyPath");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.keyPassword", "x")))
                .hasMessage("tls.keyPassword is set without tls.keyPath");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.mode", "disabled")
                        .withOption("tls.certPath", "a.crt").withOption("tls.keyPath", "a.key")))
                .hasMessage("tls.certPath has no use when tls.mode is disabled");
    }

    @Test
    void thePasswordStaysOutOfLogs() {
        TlsOptions options = new TlsOptions(TlsMode.PERMISSIVE, Optional.of(Path.of("a.crt")),
                Optional.of(Path.of("a.key")), Optional.of("s3cret"));

        assertThat(options.toString()).doesNotContain("s3cret").contains("keyPassword=(set)");
    }
}
