package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.messaging.Filter;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The subscriptions of one connection: {@code subscribe}, {@code credit} and {@code unsubscribe}, within the
 * listener's limits on how many subscriptions a connection holds and how many credits one may be owed. Confined
 * to the connection's event loop.
 */
final class Subscriptions {

    /** How long deliveries stay invisible unless the subscription says otherwise. */
    static final Duration DEFAULT_INVISIBLE_TIME = Duration.ofSeconds(30);
    /** Credits of a subscription that names none. */
    static final int DEFAULT_CREDITS = 16;

    private final WebSocketConnection connection;
    private final RequestContext context;
    private final MessagingService messaging;
    private final Executor pool;
    private final WebSocketServerOptions options;
    private final Map<String, Subscription> byId = new LinkedHashMap<>();
    private int created;

    Subscriptions(WebSocketConnection connection, RequestContext context, MessagingService messaging, Executor pool,
            WebSocketServerOptions options) {
        this.connection = connection;
        this.context = context;
        this.messaging = messaging;
        this.pool = pool;
        this.options = options;
    }

    /** Answers {@code subscribed} before the subscription's first poll can push anything. */
    void subscribe(JsonNode id, RequestFields fields) {
        if (byId.size() >= options.maxSubscriptions()) {
            throw new MessagingException(ErrorCode.TOO_MANY_REQUESTS, "this connection already holds "
                    + byId.size() + " subscriptions, the most allowed (maxSubscriptions); unsubscribe one first");
        }
        String group = ResourceNames.group(fields.text("group"));
        String topic = ResourceNames.topic(fields.text("topic"));
        String tag = fields.optionalText("tag");
        Filter.tags(tag);
        int credits = checkedCredits(0, fields.positiveInt("credits", DEFAULT_CREDITS));
        Long invisibleMillis = fields.optionalLong("invisibleTime");
        Duration invisibleTime = invisibleMillis == null ? DEFAULT_INVISIBLE_TIME : Duration.ofMillis(invisibleMillis);
        if (invisibleTime.compareTo(MessagingService.MIN_INVISIBLE_TIME) < 0
                || invisibleTime.compareTo(MessagingService.MAX_INVISIBLE_TIME) > 0) {
            throw new MessagingException(ErrorCode.ILLEGAL_INVISIBLE_TIME, "invisibleTime " + invisibleTime.toMillis()
                    + " ms is outside [" + MessagingService.MIN_INVISIBLE_TIME.toMillis() + ", "
                    + MessagingService.MAX_INVISIBLE_TIME.toMillis() + "] ms");
        }
        String encoding = fields.optionalText("encoding");
        if (encoding != null && !encoding.equals("text") && !encoding.equals("base64")) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    "subscribe needs \"encoding\" to be text or base64, got " + encoding);
        }
        Subscription.Settings settings = new Subscription.Settings(group, topic, tag == null ? "*" : tag,
                invisibleTime, fields.bool("binary", false), !"base64".equals(encoding));
        String subscriptionId = "s" + ++created;
        Subscription subscription = new Subscription(subscriptionId, settings, credits, connection, context,
                messaging, pool, options.receiveWait(), () -> byId.remove(subscriptionId));
        byId.put(subscriptionId, subscription);
        connection.event(Events.subscription("subscribed", id, subscriptionId));
        subscription.pump();
    }

    ObjectNode credit(JsonNode id, RequestFields fields) {
        Subscription subscription = named(fields);
        int more = fields.positiveInt("credits", 0);
        if (more == 0) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "credit needs \"credits\", a positive whole number");
        }
        subscription.grant(checkedCredits(subscription.credits(), more));
        return Events.subscription("credited", id, subscription.id()).put("credits", subscription.credits());
    }

    ObjectNode unsubscribe(JsonNode id, RequestFields fields) {
        Subscription subscription = named(fields);
        subscription.end();
        byId.remove(subscription.id());
        return Events.subscription("unsubscribed", id, subscription.id());
    }

    /** Polls again where polling paused because the socket was full. */
    void resume() {
        List.copyOf(byId.values()).forEach(Subscription::pump);
    }

    /** The connection closed: every subscription stops. */
    void endAll() {
        byId.values().forEach(Subscription::end);
        byId.clear();
    }

    private Subscription named(RequestFields fields) {
        String subscriptionId = fields.text("subscription");
        Subscription subscription = byId.get(subscriptionId);
        if (subscription == null) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "no subscription " + subscriptionId
                    + " on this connection");
        }
        return subscription;
    }

    private int checkedCredits(int owed, int more) {
        if ((long) owed + more > options.maxCredits()) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "a subscription may be owed at most "
                    + options.maxCredits() + " deliveries (maxCredits); it is owed " + owed + ", asked for " + more
                    + " more");
        }
        return more;
    }
}
