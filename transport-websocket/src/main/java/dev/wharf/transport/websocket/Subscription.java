package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.ErrorKind;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-driven POP loop for one subscription of one connection: it long-polls the broker for at most as many
 * messages as the client has granted credits, pushes each as a {@code message} event, and polls again — only
 * while the client still has credits and its socket takes more, so a connection holds at most one batch in
 * memory whatever the client does.
 *
 * <p>Confined to the connection's event loop; the receive itself runs on the business pool. A failure the
 * broker may get over (flow limits, unavailability) is reported and retried with a growing pause; any other
 * ends the subscription. Messages popped after the subscription ended are handed back (nacked) at once;
 * delivered ones the client did not settle come back after their invisible time.
 */
final class Subscription {

    /** What the client asked for. */
    record Settings(String group, String topic, String tagExpression, Duration invisibleTime, boolean bodyFrames,
            boolean textBodies) {}

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final String id;
    private final Settings settings;
    private final WebSocketConnection connection;
    private final RequestContext context;
    private final MessagingService messaging;
    private final Executor pool;
    private final Duration receiveWait;
    private final EventLoop loop;
    private final Runnable onEnd;
    private int credits;
    private boolean polling;
    private boolean ended;
    private int failuresInARow;
    private ScheduledFuture<?> retry;

    Subscription(String id, Settings settings, int credits, WebSocketConnection connection, RequestContext context,
            MessagingService messaging, Executor pool, Duration receiveWait, Runnable onEnd) {
        this.id = id;
        this.settings = settings;
        this.credits = credits;
        this.connection = connection;
        this.context = context;
        this.messaging = messaging;
        this.pool = pool;
        this.receiveWait = receiveWait;
        this.loop = connection.channel().eventLoop();
        this.onEnd = onEnd;
    }

    String id() {
        return id;
    }

    int credits() {
        return credits;
    }

    /** Lets the server push {@code more} deliveries. */
    void grant(int more) {
        credits += more;
        pump();
    }

    /** Polls unless a poll is under way, a retry is pending, no credit is left or the socket is full. */
    void pump() {
        if (ended || polling || retry != null || credits == 0 || !connection.channel().isWritable()) {
            return;
        }
        polling = true;
        ReceiveRequest request = new ReceiveRequest(settings.group(), settings.topic(), settings.tagExpression(),
                Math.min(credits, MessagingService.MAX_BATCH), settings.invisibleTime(), receiveWait);
        try {
            pool.execute(() -> messaging.receive(context, request)
                    .whenComplete((deliveries, failure) -> loop.execute(() -> received(deliveries, failure))));
        } catch (RejectedExecutionException full) {
            received(null, new MessagingException(ErrorCode.TOO_MANY_REQUESTS,
                    "flow limit: the websocket pool is full"));
        }
    }

    /** Stops polling; what a poll under way still brings is handed back. */
    void end() {
        ended = true;
        if (retry != null) {
            retry.cancel(false);
        }
    }

    private void received(List<Delivery> deliveries, Throwable failure) {
        polling = false;
        if (failure != null) {
            failed(MessagingException.errorOf(failure));
            return;
        }
        if (ended || connection.closing()) {
            handBack(deliveries);
            return;
        }
        failuresInARow = 0;
        for (Delivery delivery : deliveries) {
            credits--;
            if (settings.bodyFrames()) {
                connection.eventWithBody(Events.message(id, delivery, false, true), delivery.body());
            } else {
                connection.event(Events.message(id, delivery, settings.textBodies(), false));
            }
        }
        pump();
    }

    private void failed(MessagingError error) {
        if (ended || connection.closing()) {
            return;
        }
        ErrorKind kind = error.code().kind();
        boolean retrying = kind == ErrorKind.TOO_MANY_REQUESTS || kind == ErrorKind.UNAVAILABLE
                || kind == ErrorKind.INTERNAL;
        connection.event(Events.subscriptionError(id, error, retrying));
        if (!retrying) {
            end();
            onEnd.run();
            connection.event(Events.subscription("unsubscribed", null, id));
            return;
        }
        long pause = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failuresInARow++, 5));
        retry = loop.schedule(() -> {
            retry = null;
            pump();
        }, pause, TimeUnit.MILLISECONDS);
    }

    private void handBack(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            messaging.nack(context, settings.group(), settings.topic(), delivery.receiptHandle())
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            log.debug("message {} of a closed subscription comes back after its invisible time: {}",
                                    delivery.messageId(), failure.getMessage());
                        }
                    });
        }
    }
}
