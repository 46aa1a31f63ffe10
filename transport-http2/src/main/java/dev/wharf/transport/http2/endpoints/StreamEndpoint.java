package dev.wharf.transport.http2.endpoints;

import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/groups/{group}/topics/{topic}/stream}: Server-Sent Events that keep delivering (see
 * {@link DeliveryStream}); the client acks through the ack endpoint. The opening POP does not wait, so a
 * bad group, topic or parameter is an ordinary error answer rather than a stream that ends at once.
 */
final class StreamEndpoint {

    private final MessagingService messaging;
    private final Duration heartbeat;

    StreamEndpoint(MessagingService messaging, Duration heartbeat) {
        this.messaging = messaging;
        this.heartbeat = heartbeat;
    }

    CompletableFuture<ApiResponse> stream(ApiRequest request) {
        BodyEncoding encoding = ReceiveQuery.encoding(request);
        ReceiveRequest longPoll = ReceiveQuery.of(request, ReceiveQuery.DEFAULT_WAIT);
        ReceiveRequest opening = new ReceiveRequest(longPoll.group(), longPoll.topic(), longPoll.tagExpression(),
                longPoll.maxMessages(), longPoll.invisibleTime(), Duration.ZERO);
        return messaging.receive(request.context(), opening).thenApply(first -> new ApiResponse.Stream(
                new DeliveryStream(messaging, request.context(), longPoll, encoding, first, heartbeat)));
    }
}
