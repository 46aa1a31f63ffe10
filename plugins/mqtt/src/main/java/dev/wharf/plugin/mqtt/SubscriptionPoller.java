package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription of a connection as a POP loop on its RocketMQ topic: one long poll at a time, in the
 * subscription's own consumer group, for no more messages than the QoS 1 window has room for, and none while the
 * channel is not writable. Deliveries whose MQTT topic the filter does not match are acked at once (the group is
 * this subscription's alone); the others go to the connection, or back to the broker (nack) when the
 * subscription ended while the poll was out. The retained messages a SUBSCRIBE found go first, within the same
 * window and writability. Runs on the channel's event loop.
 */
final class SubscriptionPoller {

    /** Where a subscription's messages go: the connection. */
    interface Sink {

        /** A message the broker delivered to the subscription's group, at the subscription's QoS. */
        void deliver(SubscriptionPoller poller, Delivery delivery);

        /** A retained message, with RETAIN set, at {@code qos}: the lower of its own and the subscription's. */
        void deliverRetained(SubscriptionPoller poller, RetainedMessage retained, int qos);
    }

    private static final Logger log = LoggerFactory.getLogger(SubscriptionPoller.class);
    private static final long RETRY_MILLIS = 1_000;

    private final Channel channel;
    private final MqttListener listener;
    private final Connection connection;
    private final Session session;
    private final TopicFilter filter;
    private final int qos;
    private final String group;
    private final Sink sink;
    private final Queue<RetainedMessage> retained;
    private boolean polling;
    private boolean stopped;

    /** @param retained the retained messages to send first; empty but for a SUBSCRIBE */
    SubscriptionPoller(Channel channel, MqttListener listener, Connection connection, Session session,
            TopicFilter filter, int qos, Sink sink, List<RetainedMessage> retained) {
        this.channel = channel;
        this.listener = listener;
        this.connection = connection;
        this.session = session;
        this.filter = filter;
        this.qos = qos;
        this.group = group(session.clientId(), filter.filter());
        this.sink = sink;
        this.retained = new ArrayDeque<>(retained);
    }

    /**
     * The consumer group of a client id's subscription to a filter: {@code mqtt_}, the client id's legal
     * characters (at most 64), {@code _} and a digest of both, so that every (client id, filter) has its own.
     */
    static String group(String clientId, String filter) {
        String readable = clientId.replaceAll("[^a-zA-Z0-9_-]", "");
        readable = readable.substring(0, Math.min(readable.length(), 64));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((clientId + '\0' + filter).getBytes(StandardCharsets.UTF_8));
            return "mqtt_" + readable + "_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    TopicFilter filter() {
        return filter;
    }

    int qos() {
        return qos;
    }

    String group() {
        return group;
    }

    /**
     * Sends the retained messages the window and the channel have room for, then asks for the next batch unless one
     * is on its way, the window is full or the channel cannot take more.
     */
    void poll() {
        if (stopped || !channel.isActive()) {
            return;
        }
        sendRetained();
        if (polling || !channel.isWritable()) {
            return;
        }
        int room = qos == 0 ? MessagingService.MAX_BATCH : Math.min(MessagingService.MAX_BATCH, windowRoom());
        if (room <= 0) {
            return;
        }
        polling = true;
        ReceiveRequest batch = new ReceiveRequest(group, filter.topic(), filter.tagExpression(), room,
                listener.options().invisibleTime(), listener.options().receiveWait());
        listener.messaging().receive(request(), batch)
                .whenComplete((deliveries, failure) -> channel.eventLoop().execute(() -> received(deliveries, failure)));
    }

    void stop() {
        stopped = true;
        retained.clear();
    }

    private void sendRetained() {
        while (!retained.isEmpty() && channel.isWritable()) {
            int retainedQos = Math.min(retained.peek().qos(), qos);
            if (retainedQos == 1 && windowRoom() <= 0) {
                return;
            }
            sink.deliverRetained(this, retained.poll(), retainedQos);
        }
    }

    /** QoS 1 deliveries the subscription may still send before PUBACKs come. */
    private int windowRoom() {
        return listener.options().maxInflight() - session.unackedFor(filter.filter());
    }

    private RequestContext request() {
        return new RequestContext(connection, listener.clock().millis());
    }

    private void received(List<Delivery> deliveries, Throwable failure) {
        polling = false;
        if (failure != null) {
            if (!stopped) {
                log.warn("MQTT subscription '{}' of client '{}' cannot receive from topic '{}': {}; retrying",
                        filter.filter(), session.clientId(), filter.topic(),
                        MessagingException.errorOf(failure).message());
                channel.eventLoop().schedule(this::poll, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        for (Delivery delivery : deliveries) {
            if (stopped || !channel.isActive()) {
                // A long poll that outlived its subscription: give the message back for the group's next subscriber.
                listener.messaging().nack(request(), group, filter.topic(), delivery.receiptHandle());
                continue;
            }
            if (filter.matches(TopicMapping.mqttTopic(delivery))) {
                sink.deliver(this, delivery);
            } else {
                listener.messaging().ack(request(), group, filter.topic(), delivery.receiptHandle());
            }
        }
        poll();
    }
}
