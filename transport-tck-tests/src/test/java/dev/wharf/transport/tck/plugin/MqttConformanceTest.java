package dev.wharf.transport.tck.plugin;

import dev.wharf.plugin.mqtt.MqttTransportProvider;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TransportConformanceSuite;
import java.util.Map;

/**
 * The transport test kit against the MQTT plugin, with Eclipse Paho ({@link PahoTckClient}). What MQTT 3.1.1
 * cannot express is claimed as such, not faked: no message ids and no user properties (deliveries are matched by
 * body), subscriptions see only what is published after them (the cases subscribe first), no busy answer (MQTT
 * cannot refuse a PUBLISH: a full pool closes the connection, so the back-pressure case is skipped), and no TLS
 * of its own (the plugin serves TLS only behind a unified port, so the TLS case is skipped).
 */
class MqttConformanceTest extends TransportConformanceSuite {

    @Override
    protected TransportProvider provider() {
        return new MqttTransportProvider();
    }

    @Override
    protected TckClient newClient() {
        return new PahoTckClient();
    }

    /** Room for the correlation case's 32 deliveries, which the suite does not acknowledge, in one window. */
    @Override
    protected Map<String, String> listenerOptions() {
        return Map.of("maxInflight", "64");
    }
}
