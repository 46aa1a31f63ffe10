package dev.wharf.transport.tck.builtin;

import dev.wharf.transport.grpc.GrpcTransportProvider;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TransportConformanceSuite;

/** The transport test kit against gRPC, with grpc-java stubs of the RocketMQ 5.x protocol. */
class GrpcConformanceTest extends TransportConformanceSuite {

    @Override
    protected TransportProvider provider() {
        return new GrpcTransportProvider();
    }

    @Override
    protected TckClient newClient() {
        return new GrpcTckClient();
    }
}
