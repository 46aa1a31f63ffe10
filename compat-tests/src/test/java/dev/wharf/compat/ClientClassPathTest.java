package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * These modules run the official client on its own dependency graph. Wharf's Netty 4.2 (or anything
 * else of the gateway's) on this class path would mean the tests exercise a client no user has.
 */
class ClientClassPathTest {

    @Test
    void nettyOnTheClassPathIsOnlyTheClientsOwn41Line() {
        Map<String, Version> artifacts = Version.identify();

        assertThat(artifacts).isNotEmpty();
        assertThat(artifacts.values()).extracting(Version::artifactVersion).allMatch(
                version -> version.startsWith("4.1."), "a 4.1.x version");
    }
}
