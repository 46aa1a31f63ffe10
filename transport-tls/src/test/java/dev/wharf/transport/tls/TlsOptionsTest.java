package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import java.time.Duration;
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

        assertThat(options.mode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(options.certificate()).contains(new KeyFiles("tls.", Path.of("conf/server.crt"),
                Path.of("conf/server.key"), Optional.of("s3cret")));
        assertThat(options.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(options.reloadInterval()).isEqualTo(TlsOptions.DEFAULT_RELOAD_INTERVAL);
        assertThat(options.provider()).isEqualTo(TlsProvider.AUTO);
        assertThat(TlsOptions.from(BASE.withOption("tls.provider", "JDK")).provider()).isEqualTo(TlsProvider.JDK);
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
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.provider", "boringssl")))
                .hasMessage("tls.provider: must be one of auto, openssl, jdk; got 'boringssl'");
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
        TlsOptions options = TlsOptions.from(BASE.withOption("tls.certPath", "a.crt").withOption("tls.keyPath", "a.key")
                .withOption("tls.keyPassword", "s3cret").withOption("tls.sni.api.example.com.certPath", "b.crt")
                .withOption("tls.sni.api.example.com.keyPath", "b.key")
                .withOption("tls.sni.api.example.com.keyPassword", "s3cret"));

        assertThat(options.toString()).doesNotContain("s3cret").contains("keyPassword=(set)");
    }

    @Test
    void readsMutualTlsSniAndTheReloadInterval() {
        TlsOptions options = TlsOptions.from(BASE
                .withOption("tls.clientAuth", "Require")
                .withOption("tls.caPath", "conf/clients-ca.crt")
                .withOption("tls.sni.api.example.com.certPath", "conf/api.crt")
                .withOption("tls.sni.api.example.com.keyPath", "conf/api.key")
                .withOption("tls.sni.*.example.org.certPath", "conf/org.crt")
                .withOption("tls.sni.*.example.org.keyPath", "conf/org.key")
                .withOption("tls.sni.*.example.org.keyPassword", "pw")
                .withOption("tls.reloadInterval", "PT1S"));

        assertThat(options.clientAuth()).isEqualTo(ClientAuth.REQUIRE);
        assertThat(options.caPath()).contains(Path.of("conf/clients-ca.crt"));
        assertThat(options.sni()).containsOnlyKeys("api.example.com", "*.example.org");
        assertThat(options.sni().get("api.example.com")).isEqualTo(new KeyFiles("tls.sni.api.example.com.",
                Path.of("conf/api.crt"), Path.of("conf/api.key"), Optional.empty()));
        assertThat(options.sni().get("*.example.org").keyPassword()).contains("pw");
        assertThat(options.reloadInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.files()).containsExactly(Path.of("conf/clients-ca.crt"), Path.of("conf/org.crt"),
                Path.of("conf/org.key"), Path.of("conf/api.crt"), Path.of("conf/api.key"));
        assertThat(TlsOptions.from(BASE.withOption("tls.reloadInterval", "0")).reloadInterval()).isZero();
    }

    @Test
    void mutualTlsAndSniMistakesNameTheOption() {
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.clientAuth", "always")))
                .hasMessage("tls.clientAuth: must be one of none, optional, require; got 'always'");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.clientAuth", "require")))
                .hasMessage("tls.clientAuth require needs tls.caPath, the CAs that sign client certificates");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.caPath", "ca.crt")))
                .hasMessage("tls.caPath has no use unless tls.clientAuth is optional or require");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.mode", "disabled")
                        .withOption("tls.clientAuth", "optional").withOption("tls.caPath", "ca.crt")))
                .hasMessage("tls.clientAuth has no use when tls.mode is disabled");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.sni.api.example.com.certPath", "a.crt")))
                .hasMessage("tls.sni.api.example.com.keyPath must be set with tls.sni.api.example.com.certPath");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.sni.API.example.com.certPath", "a.crt")
                        .withOption("tls.sni.API.example.com.keyPath", "a.key")))
                .hasMessageStartingWith("tls.sni.API.example.com.certPath: 'API.example.com' is not a lower-case host name");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.sni.api.example.com.cert", "a.crt")))
                .hasMessageStartingWith("tls.sni.api.example.com.cert: unknown TLS option");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.clientauth", "require")))
                .hasMessageStartingWith("tls.clientauth: unknown TLS option; known: tls.caPath, tls.certPath");
        assertThatThrownBy(() -> TlsOptions.from(BASE.withOption("tls.reloadInterval", "soon")))
                .hasMessage("tls.reloadInterval: not a duration (PT5S or milliseconds): soon");
    }
}
