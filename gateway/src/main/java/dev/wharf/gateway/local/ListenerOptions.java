package dev.wharf.gateway.local;

import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.TlsSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * The string options a listener's transport is started with: its own {@code options}, its TLS settings,
 * whether connections open with a PROXY protocol header (read by the unified server such a listener always
 * gets), and the broker's limits, which transports that check messages before the broker does (gRPC tells
 * its producers the largest body and whether to check message types) must apply the same way. Transports
 * ignore what they do not use.
 */
final class ListenerOptions {

    /** The unified server's option for {@code proxyProtocol: true}. */
    static final String PROXY_PROTOCOL = "proxyProtocol";

    private ListenerOptions() {}

    static Map<String, String> of(ListenerConfig listener, BrokerSettings broker) {
        Map<String, String> options = new HashMap<>(listener.options());
        options.putAll(listener.tls().map(TlsSettings::serverOptions).orElse(Map.of()));
        if (listener.proxyProtocol()) {
            options.put(PROXY_PROTOCOL, "true");
        }
        options.put("maxBodySize", Integer.toString(broker.maxMessageSize()));
        options.put("maxDeliveryDelay", broker.timer().maxDelay().toString());
        options.put("validateMessageType", Boolean.toString(broker.topicMessageTypeCheck()));
        return options;
    }
}
