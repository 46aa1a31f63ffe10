package dev.wharf.transport.grpc.service;

import dev.wharf.transport.grpc.session.ClientMetadata;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.spi.RequestContext;
import io.grpc.Deadline;

/**
 * What one call knows about itself once it leaves the gRPC thread: gRPC's {@code Context} is thread-bound,
 * so the caller's metadata and deadline are captured here before the call moves to the business pool.
 *
 * @param metadata the client's headers and addresses
 * @param connection the client, as the broker sees it
 * @param requestContext the context broker commands of this call are dispatched with
 * @param deadline the client's deadline; {@code null} when it set none
 */
public record CallScope(
        ClientMetadata metadata, GrpcClientConnection connection, RequestContext requestContext, Deadline deadline) {

    /** Milliseconds left before the client gives up; {@code Long.MAX_VALUE} without a deadline. */
    public long remainingMillis() {
        return deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
