package dev.wharf.gateway.testing;

import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.StoreSettings;
import dev.wharf.gateway.config.ThreadSettings;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.transport.spi.ProtocolType;
import java.nio.file.Path;
import java.util.List;

/** An in-process Local-mode gateway on 127.0.0.1 and a free port, with its data in a test's directory. */
public final class TestGateway implements AutoCloseable {

    private final LocalGateway gateway;

    private TestGateway(LocalGateway gateway) {
        this.gateway = gateway;
    }

    /** The defaults, but on 127.0.0.1:0 with {@code dataDir} and small pools. */
    public static GatewayConfig config(Path dataDir) {
        GatewayConfig defaults = GatewayConfig.defaults();
        StoreSettings store = defaults.store();
        return new GatewayConfig(
                defaults.mode(),
                List.of(new ListenerConfig("remoting", "127.0.0.1", 0, List.of(ProtocolType.REMOTING))),
                new StoreSettings(dataDir, store.flush(), store.flushInterval(), StoreSettings.MIN_SEGMENT_SIZE * 16),
                defaults.broker(),
                new ThreadSettings(1, 2, 2, 1, 2, 1, 1_000));
    }

    public static TestGateway start(Path dataDir) {
        return new TestGateway(LocalGateway.start(config(dataDir)));
    }

    /** {@code 127.0.0.1:<port>} of the Remoting listener. */
    public String address() {
        return gateway.listeners().get(0).address();
    }

    /** The gateway's Prometheus text, rendered now. */
    public String scrapeMetrics() {
        return gateway.metrics().scrape();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
