package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerKeysTest {

    private static final CertifiedKey DEFAULT = DevelopmentCertificate.generate(Instant.now(), Optional.empty());
    private static final CertifiedKey API = DevelopmentCertificate.generate(Instant.now(), Optional.empty());
    private static final CertifiedKey WILDCARD = DevelopmentCertificate.generate(Instant.now(), Optional.empty());
    private static final ServerKeys KEYS = new ServerKeys(DEFAULT, Map.of("api.example.com", API, "*.example.com", WILDCARD));

    @Test
    void anExactNameWinsOverTheWildcardInAnyCase() {
        assertThat(KEYS.forHost(Optional.of("api.example.com"))).isSameAs(API);
        assertThat(KEYS.forHost(Optional.of("API.EXAMPLE.COM"))).isSameAs(API);
    }

    @Test
    void aWildcardCoversOneLabel() {
        assertThat(KEYS.forHost(Optional.of("shop.example.com"))).isSameAs(WILDCARD);
        assertThat(KEYS.forHost(Optional.of("a.shop.example.com"))).isSameAs(DEFAULT);
        assertThat(KEYS.forHost(Optional.of("example.com"))).isSameAs(DEFAULT);
    }

    @Test
    void noNameOrAnUnknownOneGetsTheDefault() {
        assertThat(KEYS.forHost(Optional.empty())).isSameAs(DEFAULT);
        assertThat(KEYS.forHost(Optional.of("other.net"))).isSameAs(DEFAULT);
        assertThat(KEYS.forHost(Optional.of("localhost"))).isSameAs(DEFAULT);
    }
}
