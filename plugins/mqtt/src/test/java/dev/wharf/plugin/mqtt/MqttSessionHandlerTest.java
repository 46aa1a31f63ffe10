package dev.wharf.plugin.mqtt;

import static dev.wharf.plugin.mqtt.EmbeddedMqtt.connect;
import static dev.wharf.plugin.mqtt.EmbeddedMqtt.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.PublishResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The MQTT 3.1.1 state machine of one connection, on an embedded channel with a steered broker. */
class MqttSessionHandlerTest {

    @Test
    void aConnectSplitIntoSingleBytesIsAccepted() {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener();
        ByteBuf connect = EmbeddedMqtt.encode(connect("one-byte-at-a-time", true, 60));

        while (connect.isReadable()) {
            mqtt.sendBytes(connect.readRetainedSlice(1));
        }
        connect.release();

        assertThat(connackCode(mqtt)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(mqtt.channel.isActive()).isTrue();
    }

    @Test
    void wrongCredentialsGetConnackFourAndMissingOnesFive() {
        EmbeddedMqtt wrong = EmbeddedMqtt.listener("users", "alice:secret", "tokens", "t0ken");
        wrong.send(MqttMessageBuilders.connect().clientId("c").username("alice")
                .password("guess".getBytes(StandardCharsets.UTF_8)).protocolVersion(MqttVersion.MQTT_3_1_1).build());
        assertThat(connackCode(wrong)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        assertThat(wrong.channel.isActive()).isFalse();

        EmbeddedMqtt missing = EmbeddedMqtt.listener("users", "alice:secret");
        missing.send(connect("c", true, 0));
        assertThat(connackCode(missing)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        assertThat(missing.channel.isActive()).isFalse();

        EmbeddedMqtt token = EmbeddedMqtt.listener("users", "alice:secret", "tokens", "t0ken");
        token.send(MqttMessageBuilders.connect().clientId("c").username("anyone")
                .password("t0ken".getBytes(StandardCharsets.UTF_8)).protocolVersion(MqttVersion.MQTT_3_1_1).build());
        assertThat(connackCode(token)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void anEmptyClientIdNeedsACleanSession() {
        EmbeddedMqtt persistent = EmbeddedMqtt.listener();
        persistent.send(connect("", false, 0));
        assertThat(connackCode(persistent)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        assertThat(persistent.channel.isActive()).isFalse();

        EmbeddedMqtt clean = EmbeddedMqtt.listener();
        clean.send(connect("", true, 0));
        assertThat(connackCode(clean)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void aPacketBeforeConnectOrASecondConnectClosesTheConnection() {
        EmbeddedMqtt early = EmbeddedMqtt.listener();
        early.send(connect("c", true, 0)).received();
        early.send(connect("c", true, 0));
        assertThat(early.channel.isActive()).isFalse();

        EmbeddedMqtt pingFirst = EmbeddedMqtt.listener();
        // 0xC0 0x00 is PINGREQ, which the switch does not take for an MQTT connection at all.
        pingFirst.sendBytes(Unpooled.wrappedBuffer(new byte[] {(byte) 0xC0, 0}));
        assertThat(pingFirst.channel.isActive()).isFalse();
    }

    @Test
    void malformedPacketsCloseTheConnectionWithoutAnException() {
        EmbeddedMqtt lengthTooLong = EmbeddedMqtt.listener();
        lengthTooLong.sendBytes(Unpooled.wrappedBuffer(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, 0x01}));
        assertThat(lengthTooLong.channel.isActive()).isFalse();

        EmbeddedMqtt garbageAfterConnect = EmbeddedMqtt.listener();
        garbageAfterConnect.send(connect("c", true, 0)).received();
        // Packet type 0 is reserved.
        garbageAfterConnect.sendBytes(Unpooled.wrappedBuffer(new byte[] {0x00, 0x02, 0x01, 0x02}));
        assertThat(garbageAfterConnect.channel.isActive()).isFalse();

        EmbeddedMqtt badProtocolName = EmbeddedMqtt.listener();
        badProtocolName.sendBytes(Unpooled.wrappedBuffer(new byte[] {0x10, 0x0C, 0, 4, 'M', 'Q', 'X', 'X', 4, 2, 0,
                60, 0, 0}));
        assertThat(badProtocolName.channel.isActive()).isFalse();
        badProtocolName.channel.checkException();
    }

    @Test
    void aQos1PublishIsSentWithTopicTagAndPropertyThenAcknowledged() {
        EmbeddedMqtt mqtt = connected("publisher");

        mqtt.send(publish("sensors/line 1/temp", MqttQoS.AT_LEAST_ONCE, 7, "21.5"));

        assertThat(mqtt.messaging.published).singleElement().satisfies(sent -> {
            assertThat(sent.topic()).isEqualTo("sensors");
            assertThat(sent.publication().tag()).isEqualTo("line%201/temp");
            assertThat(sent.publication().properties()).containsEntry("mqttTopic", "sensors/line 1/temp");
            assertThat(new String(sent.publication().body(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        });
        assertThat(mqtt.received()).singleElement().isInstanceOfSatisfying(MqttPubAckMessage.class,
                ack -> assertThat(ack.variableHeader().messageId()).isEqualTo(7));
    }

    @Test
    void pubacksGoOutInTheOrderOfThePublishesWhateverOrderTheBrokerAnswersIn() {
        EmbeddedMqtt mqtt = connected("publisher");
        CompletableFuture<PublishResult> first = new CompletableFuture<>();
        CompletableFuture<PublishResult> second = new CompletableFuture<>();
        List<CompletableFuture<PublishResult>> answers = new java.util.ArrayList<>(List.of(first, second));
        mqtt.messaging.answerPublishes(publication -> answers.remove(0));

        mqtt.send(publish("t/a", MqttQoS.AT_LEAST_ONCE, 1, "a"));
        mqtt.send(publish("t/b", MqttQoS.AT_LEAST_ONCE, 2, "b"));
        second.complete(new PublishResult.Published("b", 0, 1, "b", null));
        assertThat(mqtt.received()).isEmpty();
        first.complete(new PublishResult.Published("a", 0, 0, "a", null));

        assertThat(mqtt.received()).extracting(ack -> ((MqttPubAckMessage) ack).variableHeader().messageId())
                .containsExactly(1, 2);
    }

    @Test
    void aRefusedPublishOrAQos2PublishClosesTheConnection() {
        EmbeddedMqtt refused = connected("publisher");
        refused.messaging.answerPublishes(publication -> CompletableFuture.completedFuture(
                new PublishResult.Refused("x", MessagingError.of(ErrorCode.TOPIC_NOT_FOUND, "no topic 'nowhere'"))));
        refused.send(publish("nowhere/x", MqttQoS.AT_LEAST_ONCE, 1, "x"));
        assertThat(refused.received()).isEmpty();
        assertThat(refused.channel.isActive()).isFalse();

        EmbeddedMqtt exactlyOnce = connected("publisher");
        exactlyOnce.send(publish("t/x", MqttQoS.EXACTLY_ONCE, 1, "x"));
        assertThat(exactlyOnce.messaging.published).isEmpty();
        assertThat(exactlyOnce.channel.isActive()).isFalse();

        EmbeddedMqtt badTopic = connected("publisher");
        badTopic.send(publish("bad topic/x", MqttQoS.AT_MOST_ONCE, 0, "x"));
        assertThat(badTopic.messaging.published).isEmpty();
        assertThat(badTopic.channel.isActive()).isFalse();
    }

    @Test
    void subscribeGrantsAtMostQos1RefusesAWildcardTopicAndPollsTheTopicsGroup() {
        EmbeddedMqtt mqtt = connected("watcher");

        mqtt.send(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.EXACTLY_ONCE, "orders/+/created")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "+/created")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "invoices/eu")
                .build());

        assertThat(mqtt.received()).singleElement().isInstanceOfSatisfying(MqttSubAckMessage.class, suback -> {
            assertThat(suback.variableHeader().messageId()).isEqualTo(3);
            assertThat(suback.payload().grantedQoSLevels()).containsExactly(1, 0x80, 0);
        });
        assertThat(mqtt.messaging.receives).hasSize(2);
        assertThat(mqtt.messaging.receives.get(0).topic()).isEqualTo("orders");
        assertThat(mqtt.messaging.receives.get(0).tagExpression()).isEqualTo("*");
        assertThat(mqtt.messaging.receives.get(0).group())
                .isEqualTo(SubscriptionPoller.group("watcher", "orders/+/created")).startsWith("mqtt_watcher_");
        assertThat(mqtt.messaging.receives.get(1).tagExpression()).isEqualTo("eu");
    }

    @Test
    void aNewSubscriptionIsAnsweredAndPolledOnlyOnceItsGroupStartsAtTheTopicsEnd() {
        EmbeddedMqtt mqtt = connected("late-joiner");
        CompletableFuture<Void> placed = new CompletableFuture<>();
        mqtt.messaging.answerStartAtEnd(topic -> placed);

        mqtt.send(MqttMessageBuilders.subscribe().messageId(4).addSubscription(MqttQoS.AT_LEAST_ONCE, "orders/#").build());

        assertThat(mqtt.received()).isEmpty();
        assertThat(mqtt.messaging.receives).isEmpty();
        assertThat(mqtt.messaging.startedAtEnd)
                .containsExactly(SubscriptionPoller.group("late-joiner", "orders/#") + "@orders");

        placed.complete(null);
        mqtt.channel.runPendingTasks();

        assertThat(mqtt.received()).singleElement().isInstanceOf(MqttSubAckMessage.class);
        assertThat(mqtt.messaging.receives).singleElement()
                .satisfies(receive -> assertThat(receive.group()).isEqualTo(SubscriptionPoller.group("late-joiner", "orders/#")));
    }

    @Test
    void aSubscriptionWhoseGroupCannotStartIsRefusedAndAnUnsubscribeWaitsForTheSubackBeforeIt() {
        EmbeddedMqtt mqtt = connected("watcher");
        CompletableFuture<Void> missing = new CompletableFuture<>();
        mqtt.messaging.answerStartAtEnd(topic -> topic.equals("nowhere") ? missing
                : CompletableFuture.completedFuture(null));

        mqtt.send(MqttMessageBuilders.subscribe().messageId(5).addSubscription(MqttQoS.AT_LEAST_ONCE, "nowhere/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "orders/eu").build());
        mqtt.send(MqttMessageBuilders.unsubscribe().messageId(6).addTopicFilter("orders/eu").build());
        assertThat(mqtt.received()).isEmpty();

        missing.completeExceptionally(new MessagingException(ErrorCode.TOPIC_NOT_FOUND, "no topic nowhere"));
        mqtt.channel.runPendingTasks();

        List<MqttMessage> answers = mqtt.received();
        assertThat(answers).extracting(message -> message.fixedHeader().messageType())
                .containsExactly(MqttMessageType.SUBACK, MqttMessageType.UNSUBACK);
        assertThat(((MqttSubAckMessage) answers.get(0)).payload().grantedQoSLevels()).containsExactly(0x80, 0);
        assertThat(mqtt.messaging.receives).extracting(receive -> receive.topic()).containsExactly("orders");
    }

    @Test
    void qos1DeliveriesAreAckedOnPubackAndNonMatchingOnesAtOnce() {
        EmbeddedMqtt mqtt = connected("watcher");
        mqtt.send(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "orders/+/created").build()).received();

        mqtt.messaging.deliver(
                FakeMessaging.delivery("orders", "eu/created", Map.of("mqttTopic", "orders/eu/created"), "o-1", 1, "h1"),
                FakeMessaging.delivery("orders", "eu/paid", Map.of("mqttTopic", "orders/eu/paid"), "o-2", 1, "h2"),
                FakeMessaging.delivery("orders", "created", Map.of(), "o-3", 1, "h3"));

        List<MqttMessage> delivered = mqtt.received();
        assertThat(delivered).hasSize(1);
        MqttPublishMessage publish = (MqttPublishMessage) delivered.get(0);
        assertThat(publish.variableHeader().topicName()).isEqualTo("orders/eu/created");
        assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(publish.fixedHeader().isDup()).isFalse();
        // o-2 does not match; nor does o-3, a RocketMQ client's message with tag "created", read as "orders/created".
        assertThat(mqtt.messaging.acked).extracting(FakeMessaging.Acked::receiptHandle).containsExactly("h2", "h3");

        mqtt.send(new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(publish.variableHeader().packetId())));

        assertThat(mqtt.messaging.acked).extracting(FakeMessaging.Acked::receiptHandle).containsExactly("h2", "h3", "h1");
        assertThat(mqtt.messaging.acked).allSatisfy(acked -> assertThat(acked.topic()).isEqualTo("orders"));
    }

    @Test
    void deliveriesForASubscriptionThatEndedWhileThePollWasOutAreGivenBack() {
        EmbeddedMqtt mqtt = connected("watcher");
        mqtt.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "orders/#")
                .build()).received();
        mqtt.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter("orders/#").build());
        assertThat(mqtt.received()).extracting(message -> message.fixedHeader().messageType())
                .containsExactly(MqttMessageType.UNSUBACK);

        mqtt.messaging.deliver(FakeMessaging.delivery("orders", "a", Map.of(), "o-1", 1, "h1"));

        assertThat(mqtt.received()).isEmpty();
        assertThat(mqtt.messaging.nacked).containsExactly("h1");
        assertThat(mqtt.messaging.acked).isEmpty();
    }

    @Test
    void anUnackedMessageDeliveredAgainKeepsItsPacketIdAndIsMarkedDup() {
        EmbeddedMqtt mqtt = connected("watcher");
        mqtt.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "orders/#")
                .build()).received();
        mqtt.messaging.deliver(FakeMessaging.delivery("orders", "a", Map.of(), "o-1", 1, "h1"));
        MqttPublishMessage first = (MqttPublishMessage) mqtt.received().get(0);

        mqtt.messaging.deliver(FakeMessaging.delivery("orders", "a", Map.of(), "o-1", 2, "h1-again"));
        MqttPublishMessage again = (MqttPublishMessage) mqtt.received().get(0);

        assertThat(again.variableHeader().packetId()).isEqualTo(first.variableHeader().packetId());
        assertThat(again.fixedHeader().isDup()).isTrue();
        mqtt.send(new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(again.variableHeader().packetId())));
        assertThat(mqtt.messaging.acked).extracting(FakeMessaging.Acked::receiptHandle).containsExactly("h1-again");
    }

    @Test
    void aPersistentSessionKeepsSubscriptionsAndResendsUnackedDeliveriesAsDup() {
        EmbeddedMqtt first = EmbeddedMqtt.listener();
        first.send(connect("keeper", false, 0)).received();
        first.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "orders/#")
                .build()).received();
        first.messaging.deliver(FakeMessaging.delivery("orders", "a", Map.of(), "o-1", 1, "h1"));
        int packetId = ((MqttPublishMessage) first.received().get(0)).variableHeader().packetId();
        first.channel.close();

        EmbeddedMqtt second = first.reconnect();
        second.send(connect("keeper", false, 0));

        List<MqttMessage> answers = second.received();
        assertThat(((MqttConnAckMessage) answers.get(0)).variableHeader().isSessionPresent()).isTrue();
        MqttPublishMessage resent = (MqttPublishMessage) answers.get(1);
        assertThat(resent.variableHeader().packetId()).isEqualTo(packetId);
        assertThat(resent.fixedHeader().isDup()).isTrue();
        // Polling resumed: the first connection's two receives, then the second's, in the subscription's group,
        // where the group was: started at the topic's end once, when the client subscribed, not again.
        assertThat(second.messaging.receives).hasSize(3);
        assertThat(second.messaging.receives.get(2).group()).isEqualTo(SubscriptionPoller.group("keeper", "orders/#"));
        assertThat(second.messaging.startedAtEnd).hasSize(1);

        EmbeddedMqtt clean = second.reconnect();
        second.channel.close();
        clean.send(connect("keeper", true, 0));
        assertThat(((MqttConnAckMessage) clean.received().get(0)).variableHeader().isSessionPresent()).isFalse();
    }

    @Test
    void aSecondConnectionWithTheSameClientIdReplacesTheFirst() {
        EmbeddedMqtt first = connected("twin");
        EmbeddedMqtt second = first.reconnect();

        second.send(connect("twin", true, 0));

        assertThat(connackCode(second)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        first.channel.runPendingTasks();
        assertThat(first.channel.isActive()).isFalse();
    }

    @Test
    void silenceBeyondOneAndAHalfKeepAlivesClosesAndPublishesTheWill() {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener();
        mqtt.send(MqttMessageBuilders.connect().clientId("mortal").keepAlive(2).willFlag(true)
                .willTopic("status/mortal").willMessage("gone".getBytes(StandardCharsets.UTF_8))
                .protocolVersion(MqttVersion.MQTT_3_1_1).build()).received();

        mqtt.channel.advanceTimeBy(2_900, TimeUnit.MILLISECONDS);
        mqtt.channel.runScheduledPendingTasks();
        mqtt.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        assertThat(mqtt.received()).extracting(message -> message.fixedHeader().messageType())
                .containsExactly(MqttMessageType.PINGRESP);
        assertThat(mqtt.channel.isActive()).isTrue();

        mqtt.channel.advanceTimeBy(3_100, TimeUnit.MILLISECONDS);
        mqtt.channel.runScheduledPendingTasks();

        assertThat(mqtt.channel.isActive()).isFalse();
        assertThat(mqtt.messaging.published).singleElement().satisfies(will -> {
            assertThat(will.topic()).isEqualTo("status");
            assertThat(will.publication().properties()).containsEntry("mqttTopic", "status/mortal");
        });
    }

    @Test
    void disconnectDropsTheWill() {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener();
        mqtt.send(MqttMessageBuilders.connect().clientId("polite").willFlag(true).willTopic("status/polite")
                .willMessage("gone".getBytes(StandardCharsets.UTF_8)).protocolVersion(MqttVersion.MQTT_3_1_1).build())
                .received();

        mqtt.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)));

        assertThat(mqtt.channel.isActive()).isFalse();
        assertThat(mqtt.messaging.published).isEmpty();
    }

    @Test
    void noConnectWithinTheConnectTimeoutClosesTheConnection() {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener("connectTimeout", "5s");
        mqtt.sendBytes(Unpooled.wrappedBuffer(new byte[] {0x10}));

        mqtt.channel.advanceTimeBy(6, TimeUnit.SECONDS);
        mqtt.channel.runScheduledPendingTasks();

        assertThat(mqtt.channel.isActive()).isFalse();
    }

    private static EmbeddedMqtt connected(String clientId) {
        EmbeddedMqtt mqtt = EmbeddedMqtt.listener();
        mqtt.send(connect(clientId, true, 0));
        assertThat(connackCode(mqtt)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return mqtt;
    }

    private static MqttConnectReturnCode connackCode(EmbeddedMqtt mqtt) {
        List<MqttMessage> received = mqtt.received();
        assertThat(received).first().isInstanceOf(MqttConnAckMessage.class);
        return ((MqttConnAckMessage) received.get(0)).variableHeader().connectReturnCode();
    }
}
