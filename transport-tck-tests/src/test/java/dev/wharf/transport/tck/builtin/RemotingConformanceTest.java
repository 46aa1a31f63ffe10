package dev.wharf.transport.tck.builtin;

import dev.wharf.transport.remoting.RemotingTransportProvider;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TransportConformanceSuite;

/** The transport test kit against Remoting, with Wharf's Remoting client. */
class RemotingConformanceTest extends TransportConformanceSuite {

    @Override
    protected TransportProvider provider() {
        return new RemotingTransportProvider();
    }

    @Override
    protected TckClient newClient() {
        return new RemotingTckClient();
    }
}
