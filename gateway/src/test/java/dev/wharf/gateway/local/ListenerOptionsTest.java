package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.GatewayConfigReader;
import org.junit.jupiter.api.Test;

class ListenerOptionsTest {

    @Test
    void everyListenerGetsTheBrokersLimitsNextToItsTlsSettings() {
        GatewayConfig config = GatewayConfigReader.parse("""
                listeners:
                  - name: grpc
                    port: 0
                    protocols: [grpc]
                    tls:
                      mode: enforcing
                broker:
                  maxMessageSize: 1MiB
                  topicMessageTypeCheck: false
                  timer:
                    maxDelay: 2h
                """);

        assertThat(ListenerOptions.of(config.listeners().get(0), config.broker()))
                .containsEntry("tls.mode", "enforcing")
                .containsEntry("maxBodySize", "1048576")
                .containsEntry("maxDeliveryDelay", "PT2H")
                .containsEntry("validateMessageType", "false");
    }
}
