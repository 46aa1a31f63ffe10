package dev.wharf.gateway.config;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
                entry("tls.keyPassword", "s3cret"));
        assertThat(TlsSettings.permissive().serverOptions()).containsExactly(entry("tls.mode", "permissive"));
    }

    @Test
    void thePasswordStaysOutOfLogs() {
        TlsSettings tls = new TlsSettings(TlsSettings.Mode.PERMISSIVE, Optional.of(Path.of("a.crt")),
                Optional.of(Path.of("a.key")), Optional.of("s3cret"));

        assertThat(tls.toString()).doesNotContain("s3cret").contains("keyPassword=(set)");
    }
}
