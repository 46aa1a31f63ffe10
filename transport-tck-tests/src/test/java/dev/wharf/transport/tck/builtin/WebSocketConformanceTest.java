package dev.wharf.transport.tck.builtin;

import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TransportConformanceSuite;
import dev.wharf.transport.websocket.WebSocketTransportProvider;

/** The transport test kit against WebSocket, with the JDK's WebSocket client. */
class WebSocketConformanceTest extends TransportConformanceSuite {

    @Override
    protected TransportProvider provider() {
        return new WebSocketTransportProvider();
    }

    @Override
    protected TckClient newClient() {
        return new WebSocketTckClient();
    }
}
