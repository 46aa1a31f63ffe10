package dev.wharf.transport.http2.endpoints;

import dev.wharf.transport.http2.api.ApiException;
import dev.wharf.transport.http2.api.EventSink;
import dev.wharf.transport.http2.api.EventSource;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Server-Sent-Events subscription: pops in a loop and writes each message as {@code event: message},
 * {@code id: <messageId>}, {@code data: <message JSON>}. One POP at a time, and the next only once the
 * client can take more (HTTP/2 flow control and full socket buffers show as an unwritable channel), so a
 * slow client holds back the popping, not the gateway's memory. Messages popped for a client that left
 * meanwhile are nacked, to come back soon for someone else. A broker refusal ends the stream with an
 * {@code event: error}.
 */
final class DeliveryStream implements EventSource {

    private static final Logger log = LoggerFactory.getLogger(DeliveryStream.class);

    private final MessagingService messaging;
    private final RequestContext context;
    private final ReceiveRequest longPoll;
    private final BodyEncoding encoding;
    private final List<Delivery> first;
    private final Duration heartbeat;

    /**
     * @param longPoll what each POP asks for
     * @param first what the opening POP got, written first
     */
    DeliveryStream(MessagingService messaging, RequestContext context, ReceiveRequest longPoll, BodyEncoding encoding,
            List<Delivery> first, Duration heartbeat) {
        this.messaging = messaging;
        this.context = context;
        this.longPoll = longPoll;
        this.encoding = encoding;
        this.first = first;
        this.heartbeat = heartbeat;
    }

    @Override
    public void start(EventSink sink) {
        if (!sink.isOpen()) {
            nack(first);
            return;
        }
        sink.heartbeat(heartbeat, "heartbeat");
        write(sink, first);
    }

    private void write(EventSink sink, List<Delivery> deliveries) {
        if (!sink.isOpen()) {
            nack(deliveries);
            return;
        }
        for (Delivery delivery : deliveries) {
            sink.event("message", delivery.messageId(), Json.text(DeliveryJson.of(delivery, encoding)));
        }
        sink.whenWritable(() -> pop(sink));
    }

    private void pop(EventSink sink) {
        messaging.receive(context, longPoll).whenComplete((deliveries, failure) -> {
            if (failure == null) {
                write(sink, deliveries);
            } else if (sink.isOpen()) {
                log.debug("stream of {} on {} ends: {}", longPoll.group(), longPoll.topic(), failure.toString());
                sink.event("error", "error", Json.text(Json.error(ApiException.errorOf(failure))));
                sink.close();
            }
        });
    }

    private void nack(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            messaging.nack(context, longPoll.group(), longPoll.topic(), delivery.receiptHandle());
        }
    }
}
