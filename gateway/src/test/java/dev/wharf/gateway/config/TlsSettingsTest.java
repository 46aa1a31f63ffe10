package dev.wharf.gateway.config;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {

    @Test
    void becomesTheTlsOptionsATransportReads() {
        TlsSettings tls = new TlsSettings(TlsSettings.Mode.ENFORCING, Optional.of(Path.of("conf/server.crt")),
                Optional.of(Path.of("conf/server.key")), Optional.of("s3cret"));

        assertThat(tls.serverOptions()).containsExactly(
                entry("tls.mode", "enforcing"),
                entry("tls.certPath", Path.of("conf/server.crt").toString()),
                entry("tls.keyPath", Path.of("conf/server.key").toString()),
                entry("tls.keyPassword", "s3cret"),
                entry("tls.clientAuth", "none"),
                entry("tls.reloadInterval", "PT5S"),
                entry("tls.provider", "auto"));
        assertThat(TlsSettings.permissive().serverOptions()).containsExactly(entry("tls.mode", "permissive"),
                entry("tls.clientAuth", "none"), entry("tls.reloadInterval", "PT5S"), entry("tls.provider", "auto"));
    }

    @Test
    void mutualTlsAndSniBecomeTheirOptions() {
        TlsSettings tls = new TlsSettings(TlsSettings.Mode.ENFORCING, Optional.empty(), Optional.empty(),
                Optional.empty(), TlsSettings.ClientAuth.REQUIRE, Optional.of(Path.of("ca.crt")),
                List.of(new TlsSettings.SniCertificate("api.example.com", Path.of("api.crt"), Path.of("api.key"),
                        Optional.of("pw"))),
                Duration.ofSeconds(30), TlsSettings.Provider.JDK);

        assertThat(tls.serverOptions()).containsExactly(
                entry("tls.mode", "enforcing"),
                entry("tls.clientAuth", "require"),
                entry("tls.caPath", "ca.crt"),
                entry("tls.sni.api.example.com.certPath", "api.crt"),
                entry("tls.sni.api.example.com.keyPath", "api.key"),
                entry("tls.sni.api.example.com.keyPassword", "pw"),
                entry("tls.reloadInterval", "PT30S"),
                entry("tls.provider", "jdk"));
        assertThat(tls.toString()).doesNotContain("pw");
    }

    @Test
    void thePasswordStaysOutOfLogs() {
        TlsSettings tls = new TlsSettings(TlsSettings.Mode.PERMISSIVE, Optional.of(Path.of("a.crt")),
                Optional.of(Path.of("a.key")), Optional.of("s3cret"));

        assertThat(tls.toString()).doesNotContain("s3cret").contains("keyPassword=(set)");
    }
}
