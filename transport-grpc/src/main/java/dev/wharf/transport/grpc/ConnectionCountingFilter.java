package dev.wharf.transport.grpc;

import dev.wharf.transport.spi.ConnectionCounter;
import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;

/**
 * Counts gRPC connections: one is opened when its transport is ready (after TLS, if any) and closed when
 * it terminates. A transport that never became ready (a failed handshake) was not counted, so it carries
 * no mark and is not counted down either.
 */
final class ConnectionCountingFilter extends ServerTransportFilter {

    private static final Attributes.Key<Boolean> COUNTED = Attributes.Key.create("wharf.connectionCounted");

    private final ConnectionCounter counter;

    ConnectionCountingFilter(ConnectionCounter counter) {
        this.counter = counter;
    }

    @Override
    public Attributes transportReady(Attributes attributes) {
        counter.opened();
        return attributes.toBuilder().set(COUNTED, Boolean.TRUE).build();
    }

    @Override
    public void transportTerminated(Attributes attributes) {
        if (attributes != null && Boolean.TRUE.equals(attributes.get(COUNTED))) {
            counter.closed();
        }
    }
}
