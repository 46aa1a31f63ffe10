package dev.wharf.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** conf/gateway.yaml documents every key with its default; this keeps the two from drifting apart. */
class ShippedConfigTest {

    private static final Path SHIPPED = Path.of(System.getProperty("wharf.conf.dir", "../conf"), "gateway.yaml");

    @Test
    void theShippedFileEqualsTheBuiltInDefaults() {
        assertThat(GatewayConfigReader.read(SHIPPED)).isEqualTo(GatewayConfig.defaults());
    }
}
