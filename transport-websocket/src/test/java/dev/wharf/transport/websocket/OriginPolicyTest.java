package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy sameOrigin = new OriginPolicy(List.of());

    @Test
    void withoutAListOnlyThePageOfTheHostTheRequestWentToMayConnect() {
        assertThat(sameOrigin.allows("http://gw.example:8083", "gw.example:8083")).isTrue();
        assertThat(sameOrigin.allows("HTTP://GW.example:8083", "gw.EXAMPLE:8083")).isTrue();
        assertThat(sameOrigin.allows("https://gw.example", "gw.example")).isTrue();
        assertThat(sameOrigin.allows("https://gw.example", "gw.example:443")).isTrue();
        assertThat(sameOrigin.allows("http://[::1]:8083", "[::1]:8083")).isTrue();

        assertThat(sameOrigin.allows("http://gw.example:8084", "gw.example:8083")).isFalse();
        assertThat(sameOrigin.allows("http://evil.example:8083", "gw.example:8083")).isFalse();
        assertThat(sameOrigin.allows("null", "gw.example:8083")).isFalse();
        assertThat(sameOrigin.allows("file:///tmp/page.html", "gw.example:8083")).isFalse();
        assertThat(sameOrigin.allows("http://gw.example:8083", null)).isFalse();
    }

    @Test
    void clientsWithoutAnOriginAreNotBrowsersAndMayConnect() {
        assertThat(sameOrigin.allows(null, "gw.example:8083")).isTrue();
    }

    @Test
    void aListAllowsExactlyItsOriginsAndAStarAllowsAny() {
        OriginPolicy listed = new OriginPolicy(List.of("https://app.example/", "http://localhost:3000"));
        assertThat(listed.allows("https://APP.example", "gw.example")).isTrue();
        assertThat(listed.allows("http://localhost:3000", "gw.example")).isTrue();
        assertThat(listed.allows("http://gw.example", "gw.example")).isFalse();

        assertThat(new OriginPolicy(List.of("*")).allows("http://anything.example", "gw.example")).isTrue();
    }
}
