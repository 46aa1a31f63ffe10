package dev.wharf.transport.tck.builtin;

import dev.wharf.transport.http2.HttpTransportProvider;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TransportConformanceSuite;

/** The transport test kit against the HTTP API, with the JDK's HTTP/2 client. */
class HttpConformanceTest extends TransportConformanceSuite {

    @Override
    protected TransportProvider provider() {
        return new HttpTransportProvider();
    }

    @Override
    protected TckClient newClient() {
        return new HttpTckClient();
    }
}
