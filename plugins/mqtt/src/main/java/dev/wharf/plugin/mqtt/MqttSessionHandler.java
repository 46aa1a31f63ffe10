package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.DrainEvent;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.Publication;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 server side of one connection, on its event loop: CONNECT first (credentials, client id, clean
 * or persistent session, keep-alive, will), then PUBLISH (QoS 0 and 1, sent to the broker, PUBACK once stored,
 * in order; RETAIN kept in the {@link RetainedStore}), SUBSCRIBE / UNSUBSCRIBE ({@link SubscriptionPoller}s, a new
 * one starting at its topic's end after the matching retained messages), PUBACK
 * of deliveries (ack), PINGREQ and DISCONNECT. Anything malformed or out of place closes the connection with a log line naming the peer; MQTT
 * 3.1.1 has no way to refuse a PUBLISH, so a publish the broker refuses closes it too (MQTT-3.3.5-2).
 */
final class MqttSessionHandler extends SimpleChannelInboundHandler<MqttMessage> implements SubscriptionPoller.Sink {

    static final String IDLE_HANDLER = "mqttIdle";
    private static final Logger log = LoggerFactory.getLogger(MqttSessionHandler.class);
    /** A subscription to a filter the server cannot serve, in SUBACK. */
    private static final int SUBACK_FAILURE = 0x80;
    private static final String DRAINED = "is disconnected: the listener is going away";

    private final MqttListener listener;
    private final Map<String, SubscriptionPoller> pollers = new HashMap<>();
    private ChannelHandlerContext ctx;
    private MqttConnection connection;
    private Session session;
    private Will will;
    private boolean disconnected;
    private int pendingPublishes;
    private boolean draining;
    private CompletableFuture<Void> lastPublish = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> lastSubscription = CompletableFuture.completedFuture(null);

    MqttSessionHandler(MqttListener listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.connection = new MqttConnection(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            malformed(message.decoderResult().cause());
        } else if (session == null) {
            if (message instanceof MqttConnectMessage connect) {
                connect(connect);
            } else {
                close("sent " + message.fixedHeader().messageType() + " before CONNECT");
            }
        } else {
            serve(message);
        }
    }

    private void serve(MqttMessage message) {
        switch (message.fixedHeader().messageType()) {
            case PUBLISH -> publish((MqttPublishMessage) message);
            case PUBACK -> delivered(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) message);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> {
                disconnected = true;
                ctx.close();
            }
            case CONNECT -> close("sent a second CONNECT (MQTT-3.1.0-2)");
            default -> close("sent " + message.fixedHeader().messageType() + ", which a client does not send"
                    + " or this server does not serve (QoS 2 flows)");
        }
    }

    private void malformed(Throwable cause) {
        if (session == null && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, cause.getMessage());
        } else if (session == null && cause instanceof MqttIdentifierRejectedException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, cause.getMessage());
        } else {
            close("sent a malformed packet: " + cause);
        }
    }

    private void connect(MqttConnectMessage connect) {
        if (connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel()) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION,
                    "MQTT 5 is not served, this listener speaks MQTT 3.1.1");
            return;
        }
        String username = connect.payload().userName();
        MqttConnectReturnCode verdict = listener.credentials().check(username, connect.payload().passwordInBytes());
        if (verdict != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            refuse(verdict, verdict == MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED
                    ? "the listener requires credentials and the client sent no password"
                    : "the credentials of user '" + username + "' are not accepted");
            return;
        }
        boolean clean = connect.variableHeader().isCleanSession();
        String clientId = connect.payload().clientIdentifier();
        if (clientId == null || clientId.isEmpty()) {
            if (!clean) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        "an empty client id needs a clean session (MQTT-3.1.3-8)");
                return;
            }
            clientId = "wharf-" + UUID.randomUUID();
        }
        boolean resumed = !clean && listener.sessions().hasPersistent(clientId);
        session = listener.sessions().open(clientId, clean);
        MqttSessionHandler replaced = listener.sessions().attach(clientId, this);
        if (replaced != null) {
            replaced.close("was replaced by a new connection of the same client id (MQTT-3.1.4-2)");
        }
        if (connect.variableHeader().isWillFlag()) {
            // A QoS 2 will is stored at QoS 1, as QoS 2 subscriptions are granted QoS 1.
            will = new Will(connect.payload().willTopic(), connect.payload().willMessageInBytes(),
                    Math.min(connect.variableHeader().willQos(), 1), connect.variableHeader().isWillRetain());
        }
        keepAlive(connect.variableHeader().keepAliveTimeSeconds());
        MqttConnAckMessage accepted = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(resumed).build();
        ctx.writeAndFlush(accepted);
        log.debug("MQTT client '{}' connected from {} (clean session {}, session present {})", clientId,
                ClientAddress.of(ctx.channel()), clean, resumed);
        if (resumed) {
            // MQTT-4.4.0-1: unacknowledged PUBLISH packets go again, marked DUP.
            for (Session.Unacked pending : session.unacked()) {
                ctx.write(publishPacket(pending.mqttTopic(), MqttQoS.AT_LEAST_ONCE, true, pending.retained(),
                        pending.packetId(), pending.body()));
            }
            ctx.flush();
            // Retained messages go to a SUBSCRIBE only, not to a resumed subscription (MQTT-3.3.1-6).
            session.subscriptions().forEach((filter, qos) -> startPolling(TopicFilter.parse(filter), qos, List.of()));
        }
    }

    /** Reader idle for 1.5 times the keep-alive closes the connection (MQTT-3.1.2-24); zero turns it off. */
    private void keepAlive(int seconds) {
        if (seconds == 0) {
            ctx.pipeline().remove(IDLE_HANDLER);
        } else {
            ctx.pipeline().replace(IDLE_HANDLER, IDLE_HANDLER,
                    new IdleStateHandler(seconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    private void refuse(MqttConnectReturnCode code, String reason) {
        log.info("MQTT connection from {} refused with CONNACK {} ({}): {}", ClientAddress.of(ctx.channel()),
                code.byteValue(), code, reason);
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void publish(MqttPublishMessage message) {
        MqttQoS qos = message.fixedHeader().qosLevel();
        String topicName = message.variableHeader().topicName();
        int packetId = message.variableHeader().packetId();
        TopicMapping.Destination destination;
        if (qos == MqttQoS.EXACTLY_ONCE) {
            close("published to '" + topicName + "' with QoS 2, which this server does not serve");
            return;
        }
        try {
            destination = TopicMapping.destination(topicName);
        } catch (IllegalArgumentException e) {
            close("published to a topic that cannot be stored: " + e.getMessage());
            return;
        }
        if (++pendingPublishes >= listener.options().maxPendingPublishes()) {
            ctx.channel().config().setAutoRead(false);
        }
        CompletableFuture<Void> stored = store(topicName, destination, qos.value(), message.fixedHeader().isRetain(),
                ByteBufUtil.getBytes(message.payload()));
        // PUBACKs go out in the order the PUBLISHes came (MQTT-4.6.0-2), whatever order the broker answers in.
        lastPublish = lastPublish.thenCombine(stored, (previous, done) -> done)
                .handleAsync((done, failure) -> {
                    published(topicName, qos, packetId, failure);
                    return null;
                }, ctx.executor());
    }

    /**
     * Stores a PUBLISH or a will: the message in its topic and, when {@code retain}, then as the topic's retained
     * message (MQTT-3.3.1-5). A retained one with an empty payload only clears the topic's retained message
     * (MQTT-3.3.1-10): the broker stores no empty messages, so it reaches no subscriber. Fails with a
     * {@link MessagingException} when refused.
     */
    private CompletableFuture<Void> store(String topicName, TopicMapping.Destination destination, int qos,
            boolean retain, byte[] body) {
        if (retain && body.length == 0) {
            return onPool(() -> listener.retained().clear(request(), topicName));
        }
        Publication publication = Publication.builder(body).tag(destination.tag())
                .property(TopicMapping.TOPIC_PROPERTY, topicName).build();
        CompletableFuture<Void> sent = onPool(() -> listener.messaging().publish(request(), destination.topic(),
                List.of(publication))).thenApply(PublishOutcome::requireStored);
        return retain
                ? sent.thenCompose(done -> onPool(() -> listener.retained().retain(request(), topicName, qos, body)))
                : sent;
    }

    /** Starts a broker operation on the listener's pool, off the event loop; a full pool fails it as busy. */
    private <T> CompletableFuture<T> onPool(Supplier<CompletableFuture<T>> operation) {
        try {
            return CompletableFuture.supplyAsync(operation, listener.pool()).thenCompose(started -> started);
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.failedFuture(new MessagingException(ErrorCode.TOO_MANY_REQUESTS,
                    "the " + MqttOptions.POOL_NAME + " pool is full"));
        }
    }

    private RequestContext request() {
        return new RequestContext(connection, listener.clock().millis());
    }

    private void published(String topicName, MqttQoS qos, int packetId, Throwable failure) {
        if (--pendingPublishes < listener.options().maxPendingPublishes() && !draining) {
            ctx.channel().config().setAutoRead(true);
        }
        if (failure != null) {
            MessagingError error = MessagingException.errorOf(failure);
            close("published to '" + topicName + "', refused: " + error.code() + " " + error.message());
            return;
        }
        ChannelFuture acked = qos == MqttQoS.AT_LEAST_ONCE
                ? ctx.writeAndFlush(new MqttPubAckMessage(
                        new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                        MqttMessageIdVariableHeader.from(packetId)))
                : ctx.newSucceededFuture();
        if (draining && pendingPublishes == 0) {
            acked.addListener(written -> close(DRAINED));
        }
    }

    /**
     * Answers SUBACK once every new subscription's group starts at its topic's queue ends, so the subscription gets
     * exactly what is published after its SUBACK (MQTT has no history but retained messages), and once the retained
     * messages are read up to now; a subscription that cannot start is refused (0x80). After SUBACK each granted
     * subscription, new or replaced, gets the matching retained messages (MQTT-3.3.1-6, MQTT-3.8.4-3). SUBSCRIBEs
     * and UNSUBSCRIBEs are served one after the other, in order.
     */
    private void subscribe(MqttSubscribeMessage message) {
        int packetId = message.idAndPropertiesVariableHeader().messageId();
        List<MqttTopicSubscription> requested = message.payload().topicSubscriptions();
        lastSubscription = lastSubscription.thenCompose(previous -> {
            List<CompletableFuture<?>> steps = new ArrayList<>();
            List<CompletableFuture<Integer>> granted = new ArrayList<>();
            for (MqttTopicSubscription subscription : requested) {
                granted.add(start(subscription));
            }
            steps.addAll(granted);
            steps.add(retainedCaughtUp());
            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
                    .thenAcceptAsync(done -> subscribed(packetId, requested, granted), ctx.executor());
        }).exceptionally(this::failed);
    }

    /** The retained messages read up to now; when they cannot be, the SUBSCRIBE goes on with those read before. */
    private CompletableFuture<Void> retainedCaughtUp() {
        return onPool(() -> listener.retained().catchUp()).exceptionally(failure -> {
            log.warn("MQTT client '{}' at {}: retained messages cannot be read now, a SUBSCRIBE gets those read before:"
                    + " {}", session.clientId(), ClientAddress.of(ctx.channel()),
                    MessagingException.errorOf(failure).message());
            return null;
        });
    }

    /** The QoS granted to one subscription, once its group is placed; {@value #SUBACK_FAILURE} when refused. */
    private CompletableFuture<Integer> start(MqttTopicSubscription subscription) {
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(subscription.topicFilter());
        } catch (IllegalArgumentException e) {
            log.info("MQTT client '{}' at {}: subscription refused: {}", session.clientId(),
                    ClientAddress.of(ctx.channel()), e.getMessage());
            return CompletableFuture.completedFuture(SUBACK_FAILURE);
        }
        // QoS 2 is granted as QoS 1, as MQTT-3.8.4-6 allows.
        int qos = Math.min(subscription.qualityOfService().value(), 1);
        if (session.subscriptions().containsKey(filter.filter())) {
            // A subscription replaced keeps its group's position, so no message is lost (MQTT-3.8.4-3).
            return CompletableFuture.completedFuture(qos);
        }
        String group = SubscriptionPoller.group(session.clientId(), filter.filter());
        return onPool(() -> listener.messaging().startAtEnd(request(), group, filter.topic()))
                .handle((done, failure) -> {
                    if (failure == null) {
                        return qos;
                    }
                    log.info("MQTT client '{}' at {}: subscription to '{}' refused: {}", session.clientId(),
                            ClientAddress.of(ctx.channel()), filter.filter(),
                            MessagingException.errorOf(failure).message());
                    return SUBACK_FAILURE;
                });
    }

    private void subscribed(int packetId, List<MqttTopicSubscription> requested, List<CompletableFuture<Integer>> granted) {
        if (!ctx.channel().isActive()) {
            return;
        }
        List<Integer> codes = granted.stream().map(CompletableFuture::join).toList();
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i) != SUBACK_FAILURE) {
                session.subscribe(requested.get(i).topicFilter(), codes.get(i));
            }
        }
        ctx.writeAndFlush(MqttMessageBuilders.subAck().packetId(packetId)
                .addGrantedQoses(codes.stream().map(MqttSessionHandler::grantedQos).toArray(MqttQoS[]::new))
                .build());
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i) != SUBACK_FAILURE) {
                TopicFilter filter = TopicFilter.parse(requested.get(i).topicFilter());
                startPolling(filter, codes.get(i), listener.retained().matching(filter));
            }
        }
    }

    /** Closes the connection after a bug in serving (un)subscriptions, and lets the next ones be served. */
    private Void failed(Throwable failure) {
        ctx.executor().execute(() -> close("could not be served: " + failure));
        return null;
    }

    private static MqttQoS grantedQos(int code) {
        return code == SUBACK_FAILURE ? MqttQoS.FAILURE : MqttQoS.valueOf(code);
    }

    /** A subscription to a filter already subscribed replaces it (MQTT-3.8.4-3); {@code retained} go first. */
    private void startPolling(TopicFilter filter, int qos, List<RetainedMessage> retained) {
        SubscriptionPoller replaced = pollers.remove(filter.filter());
        if (replaced != null) {
            replaced.stop();
        }
        SubscriptionPoller poller = new SubscriptionPoller(ctx.channel(), listener, connection, session, filter, qos,
                this, retained);
        pollers.put(filter.filter(), poller);
        poller.poll();
    }

    private void unsubscribe(MqttUnsubscribeMessage message) {
        int packetId = message.idAndPropertiesVariableHeader().messageId();
        List<String> filters = message.payload().topics();
        lastSubscription = lastSubscription.thenRunAsync(() -> {
            for (String filter : filters) {
                session.unsubscribe(filter);
                SubscriptionPoller poller = pollers.remove(filter);
                if (poller != null) {
                    poller.stop();
                }
            }
            ctx.writeAndFlush(MqttMessageBuilders.unsubAck().packetId(packetId).build());
        }, ctx.executor()).exceptionally(this::failed);
    }

    /**
     * Sends a delivery as PUBLISH, RETAIN clear since it is a live publish (MQTT-3.3.1-9): QoS 0 is acked once
     * written, QoS 1 when the client's PUBACK comes.
     */
    @Override
    public void deliver(SubscriptionPoller poller, Delivery delivery) {
        String mqttTopic = TopicMapping.mqttTopic(delivery);
        if (poller.qos() == 0) {
            ctx.writeAndFlush(publishPacket(mqttTopic, MqttQoS.AT_MOST_ONCE, false, false, 0, delivery.body()))
                    .addListener(written -> {
                        if (written.isSuccess()) {
                            ack(poller.group(), poller.filter().topic(), delivery.receiptHandle());
                        }
                    });
            return;
        }
        Session.Unacked pending = session.deliver(poller.filter().filter(), poller.group(), poller.filter().topic(),
                delivery.messageId(), delivery.receiptHandle(), mqttTopic, delivery.body(), false);
        ctx.writeAndFlush(publishPacket(mqttTopic, MqttQoS.AT_LEAST_ONCE, delivery.deliveryAttempt() > 1, false,
                pending.packetId(), delivery.body()));
    }

    /**
     * Sends a retained message for a SUBSCRIBE as PUBLISH with RETAIN set (MQTT-3.3.1-8); at QoS 1 it waits for the
     * client's PUBACK like any delivery, though there is nothing to ack in the broker.
     */
    @Override
    public void deliverRetained(SubscriptionPoller poller, RetainedMessage retained, int qos) {
        if (qos == 0) {
            ctx.writeAndFlush(publishPacket(retained.topic(), MqttQoS.AT_MOST_ONCE, false, true, 0, retained.body()));
            return;
        }
        Session.Unacked pending = session.deliver(poller.filter().filter(), poller.group(), poller.filter().topic(),
                retained.id(), null, retained.topic(), retained.body(), true);
        ctx.writeAndFlush(publishPacket(retained.topic(), MqttQoS.AT_LEAST_ONCE, false, true, pending.packetId(),
                retained.body()));
    }

    private void delivered(int packetId) {
        Session.Unacked pending = session.acknowledged(packetId);
        if (pending == null) {
            return;
        }
        if (!pending.retained()) {
            ack(pending.group(), pending.topic(), pending.receiptHandle());
        }
        SubscriptionPoller poller = pollers.get(pending.filter());
        if (poller != null) {
            poller.poll();
        }
    }

    private void ack(String group, String topic, String receiptHandle) {
        RequestContext request = request();
        try {
            listener.pool().execute(() -> listener.messaging().ack(request, group, topic, receiptHandle)
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            log.debug("ack for MQTT group {} failed, the message comes again: {}", group,
                                    MessagingException.errorOf(failure).message());
                        }
                    }));
        } catch (RejectedExecutionException busy) {
            log.debug("the MQTT pool is full; the delivery to group {} comes again after its invisible time", group);
        }
    }

    private static MqttPublishMessage publishPacket(String topic, MqttQoS qos, boolean dup, boolean retain, int packetId,
            byte[] body) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, qos, retain, 0),
                new MqttPublishVariableHeader(topic, qos == MqttQoS.AT_MOST_ONCE ? -1 : packetId),
                Unpooled.wrappedBuffer(body));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pollers.values().forEach(SubscriptionPoller::poll);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            close(session == null ? "sent no CONNECT in time" : "was silent for 1.5 times its keep-alive");
        } else if (event instanceof DrainEvent) {
            drain();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close("failed: " + cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pollers.values().forEach(SubscriptionPoller::stop);
        pollers.clear();
        if (session != null) {
            listener.sessions().detach(session.clientId(), this);
            if (!disconnected && will != null) {
                publishWill();
            }
        }
        ctx.fireChannelInactive();
    }

    /**
     * The listener is going away: no more packets are read (MQTT 3.1.1 has no way to refuse a PUBLISH), no more
     * deliveries start (those not acknowledged come back after their invisible time, or at the session's next
     * connection), and the connection closes once the PUBLISHes read so far are stored and acknowledged.
     */
    private void drain() {
        draining = true;
        ctx.channel().config().setAutoRead(false);
        pollers.values().forEach(SubscriptionPoller::stop);
        pollers.clear();
        if (pendingPublishes == 0) {
            close(DRAINED);
        }
    }

    /** The will goes out when the connection ends without DISCONNECT (MQTT-3.1.2-8), retained if it says so. */
    private void publishWill() {
        String topicName = will.topic();
        try {
            store(topicName, TopicMapping.destination(topicName), will.qos(), will.retain(), will.body())
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            log.warn("the will of MQTT client '{}' to '{}' was not published: {}", session.clientId(),
                                    topicName, MessagingException.errorOf(failure).message());
                        }
                    });
        } catch (IllegalArgumentException e) {
            log.warn("the will of MQTT client '{}' cannot be published: {}", session.clientId(), e.getMessage());
        }
    }

    /** The will of a CONNECT: published when the connection breaks without DISCONNECT. */
    private record Will(String topic, byte[] body, int qos, boolean retain) {}

    /** Logs why, naming the peer and the client id, and closes the connection. */
    void close(String reason) {
        if (session == null) {
            log.info("MQTT connection from {} {}; closing it", ClientAddress.of(ctx.channel()), reason);
        } else {
            log.info("MQTT client '{}' at {} {}; closing the connection", session.clientId(),
                    ClientAddress.of(ctx.channel()), reason);
        }
        ctx.channel().close();
    }
}
