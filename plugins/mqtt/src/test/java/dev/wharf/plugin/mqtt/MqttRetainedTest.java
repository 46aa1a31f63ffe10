package dev.wharf.plugin.mqtt;

import static dev.wharf.plugin.mqtt.EmbeddedMqtt.connect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.messaging.Publication;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
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
import org.junit.jupiter.api.Test;

/** Retained messages (MQTT 3.1.1 §3.3.1.3) on embedded channels, with the fake broker as their durable log. */
class MqttRetainedTest {

    @Test
    void aRetainedPublishIsPublishedThenKeptAndANewSubscriberGetsItWithRetainAfterItsSuback() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");

        publisher.send(retained("sensors/a/temp", MqttQoS.AT_LEAST_ONCE, 7, "21.5"));

        assertThat(types(publisher.received())).containsExactly(MqttMessageType.PUBACK);
        assertThat(publisher.messaging.publishedTo("sensors")).extracting(MqttRetainedTest::body).containsExactly("21.5");
        Publication record = publisher.messaging.publishedTo(RetainedStore.TOPIC).get(0);
        assertThat(record.tag()).isEqualTo(RetainedStore.RETAIN_TAG);
        assertThat(record.queueId()).isZero();
        assertThat(record.properties()).containsEntry("mqttTopic", "sensors/a/temp").containsEntry("mqttQos", "1");
        assertThat(publisher.messaging.createdTopics).containsExactly(RetainedStore.TOPIC + "/1");

        EmbeddedMqtt subscriber = connected(publisher.reconnect(), "subscriber");
        List<MqttMessage> answer = subscriber.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/+/temp")).received();

        assertThat(types(answer)).containsExactly(MqttMessageType.SUBACK, MqttMessageType.PUBLISH);
        MqttPublishMessage publish = (MqttPublishMessage) answer.get(1);
        assertThat(publish.fixedHeader().isRetain()).isTrue();
        assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(publish.variableHeader().topicName()).isEqualTo("sensors/a/temp");
        assertThat(payload(publish)).isEqualTo("21.5");

        subscriber.send(puback(publish.variableHeader().packetId()));
        assertThat(subscriber.messaging.acked).as("a retained message is no broker delivery to ack").isEmpty();
    }

    @Test
    void liveForwardingToAnExistingSubscriberKeepsRetainClear() {
        EmbeddedMqtt subscriber = connected(EmbeddedMqtt.listener(), "subscriber");
        subscriber.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/#")).received();

        subscriber.messaging.deliver(FakeMessaging.delivery("sensors", "a", Map.of("mqttTopic", "sensors/a"), "live",
                1, "h1"));

        MqttPublishMessage publish = (MqttPublishMessage) subscriber.received().get(0);
        assertThat(payload(publish)).isEqualTo("live");
        assertThat(publish.fixedHeader().isRetain()).isFalse();
    }

    @Test
    void anEmptyRetainedPublishClearsTheTopicsRetainedMessageAndIsNeitherPublishedNorDelivered() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 1, "on"));

        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 2, ""));

        assertThat(types(publisher.received())).containsExactly(MqttMessageType.PUBACK, MqttMessageType.PUBACK);
        assertThat(publisher.channel.isActive()).isTrue();
        assertThat(publisher.messaging.publishedTo("sensors")).extracting(MqttRetainedTest::body).containsExactly("on");
        assertThat(publisher.messaging.publishedTo(RetainedStore.TOPIC)).extracting(Publication::tag)
                .containsExactly(RetainedStore.RETAIN_TAG, RetainedStore.CLEAR_TAG);
        EmbeddedMqtt subscriber = connected(publisher.reconnect(), "subscriber");
        assertThat(types(subscriber.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/#")).received()))
                .containsExactly(MqttMessageType.SUBACK);
    }

    @Test
    void aNewerRetainedPublishReplacesTheOlderOne() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        publisher.send(retained("sensors/a", MqttQoS.AT_MOST_ONCE, 0, "old"));
        publisher.send(retained("sensors/a", MqttQoS.AT_MOST_ONCE, 0, "new"));

        EmbeddedMqtt subscriber = connected(publisher.reconnect(), "subscriber");
        List<MqttMessage> answer = subscriber.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/a")).received();

        assertThat(answer).hasSize(2);
        assertThat(payload((MqttPublishMessage) answer.get(1))).isEqualTo("new");
    }

    @Test
    void aRetainedMessageGoesAtTheLowerOfItsQosAndTheGrantedQos() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        publisher.send(retained("sensors/q1", MqttQoS.AT_LEAST_ONCE, 1, "one"));
        publisher.send(retained("sensors/q0", MqttQoS.AT_MOST_ONCE, 0, "zero"));

        EmbeddedMqtt atMostOnce = connected(publisher.reconnect(), "qos0");
        List<MqttMessage> downgraded = atMostOnce.send(subscribe(1, MqttQoS.AT_MOST_ONCE, "sensors/q1")).received();
        EmbeddedMqtt atLeastOnce = connected(publisher.reconnect(), "qos1");
        List<MqttMessage> kept = atLeastOnce.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/q0")).received();

        MqttPublishMessage first = (MqttPublishMessage) downgraded.get(1);
        assertThat(first.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
        assertThat(first.fixedHeader().isRetain()).isTrue();
        assertThat(((MqttSubAckMessage) kept.get(0)).payload().grantedQoSLevels()).containsExactly(1);
        assertThat(((MqttPublishMessage) kept.get(1)).fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
    }

    @Test
    void eachGrantedFilterOfASubscribeGetsTheRetainedMessagesItMatches() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        for (String topic : List.of("sensors", "sensors/a/temp", "sensors/b/hum", "orders/a")) {
            publisher.send(retained(topic, MqttQoS.AT_MOST_ONCE, 0, topic));
        }

        EmbeddedMqtt subscriber = connected(publisher.reconnect(), "subscriber");
        List<MqttMessage> answer = subscriber.send(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "sensors/+/temp")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "orders/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "+/refused")
                .build()).received();

        assertThat(((MqttSubAckMessage) answer.get(0)).payload().grantedQoSLevels()).containsExactly(0, 0, 0x80);
        assertThat(answer.subList(1, answer.size())).extracting(message -> payload((MqttPublishMessage) message))
                .containsExactlyInAnyOrder("sensors/a/temp", "orders/a");
    }

    @Test
    void retainedQos1DeliveriesStayWithinMaxInflightAndGoOnAsPubacksCome() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener("maxInflight", "1"), "publisher");
        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 1, "a"));
        publisher.send(retained("sensors/b", MqttQoS.AT_LEAST_ONCE, 2, "b"));
        EmbeddedMqtt subscriber = connected(publisher.reconnect(), "subscriber");

        List<MqttMessage> first = subscriber.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/#")).received();
        assertThat(types(first)).containsExactly(MqttMessageType.SUBACK, MqttMessageType.PUBLISH);
        assertThat(subscriber.messaging.receives).as("the window is full: no poll").isEmpty();

        List<MqttMessage> second = subscriber.send(puback(((MqttPublishMessage) first.get(1)).variableHeader().packetId()))
                .received();
        assertThat(types(second)).containsExactly(MqttMessageType.PUBLISH);
        assertThat(((MqttPublishMessage) second.get(0)).fixedHeader().isRetain()).isTrue();
    }

    @Test
    void anotherListenerOnTheSameBrokerReadsTheRetainedMessageBeforeAnsweringASubscribe() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        EmbeddedMqtt otherPort = connected(publisher.otherListener(), "subscriber");

        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 1, "shared")).received();
        List<MqttMessage> answer = otherPort.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/a")).received();

        assertThat(payload((MqttPublishMessage) answer.get(1))).isEqualTo("shared");
    }

    @Test
    void aListenerStartedLaterRebuildsItsRetainedMessagesFromTheBrokerFromTheStart() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 1, "kept"));
        publisher.send(retained("sensors/b", MqttQoS.AT_LEAST_ONCE, 2, "gone"));
        publisher.send(retained("sensors/b", MqttQoS.AT_LEAST_ONCE, 3, ""));
        publisher.messaging.readOffsets.clear();

        EmbeddedMqtt restarted = connected(publisher.otherListener(), "subscriber");

        assertThat(publisher.messaging.readOffsets).first().isEqualTo(0L);
        List<MqttMessage> answer = restarted.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/#")).received();
        assertThat(answer.subList(1, answer.size())).extracting(message -> payload((MqttPublishMessage) message))
                .containsExactly("kept");
        assertThat(publisher.messaging.readOffsets).last().as("a SUBSCRIBE reads on from where the start stopped")
                .isEqualTo(3L);
    }

    @Test
    void whenTheRetainedTopicCannotBeReadASubscribeIsStillAnsweredWithTheRetainedMessagesReadBefore() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 1, "known"));
        EmbeddedMqtt subscriber = connected(publisher.reconnect(), "subscriber");
        subscriber.send(subscribe(1, MqttQoS.AT_MOST_ONCE, "sensors/x")).received();
        publisher.messaging.failReads(true);

        List<MqttMessage> answer = subscriber.send(subscribe(2, MqttQoS.AT_MOST_ONCE, "sensors/a")).received();

        assertThat(types(answer)).containsExactly(MqttMessageType.SUBACK, MqttMessageType.PUBLISH);
        assertThat(payload((MqttPublishMessage) answer.get(1))).isEqualTo("known");
    }

    @Test
    void theRetainedTopicCanBeNeitherPublishedToNorSubscribedByMqttClients() {
        EmbeddedMqtt subscriber = connected(EmbeddedMqtt.listener(), "subscriber");
        List<MqttMessage> answer = subscriber.send(subscribe(1, MqttQoS.AT_MOST_ONCE, RetainedStore.TOPIC + "/#"))
                .received();
        assertThat(((MqttSubAckMessage) answer.get(0)).payload().grantedQoSLevels()).containsExactly(0x80);

        EmbeddedMqtt publisher = connected(subscriber.reconnect(), "publisher");
        publisher.send(EmbeddedMqtt.publish(RetainedStore.TOPIC + "/retain", MqttQoS.AT_MOST_ONCE, 0, "forged"));
        assertThat(publisher.channel.isActive()).isFalse();
        assertThat(publisher.messaging.publishedTo(RetainedStore.TOPIC)).isEmpty();
    }

    @Test
    void aRetainedPublishToATopicWithWildcardsIsAProtocolErrorThatClosesTheConnection() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");

        // Netty's encoder will not write such a topic name, so the bytes are written here: PUBLISH, QoS 1, RETAIN.
        byte[] topic = "sensors/#".getBytes(StandardCharsets.UTF_8);
        publisher.sendBytes(Unpooled.buffer().writeByte(0x33).writeByte(2 + topic.length + 2 + 1)
                .writeShort(topic.length).writeBytes(topic).writeShort(1).writeByte('x'));

        assertThat(publisher.channel.isActive()).isFalse();
        assertThat(publisher.messaging.published).isEmpty();
    }

    @Test
    void aWillWithRetainIsKeptAsTheTopicsRetainedMessage() {
        EmbeddedMqtt client = EmbeddedMqtt.listener();
        client.send(MqttMessageBuilders.connect().clientId("dying").cleanSession(true).willFlag(true)
                .willTopic("status/dying").willMessage("offline".getBytes(StandardCharsets.UTF_8))
                .willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true).protocolVersion(MqttVersion.MQTT_3_1_1).build());
        assertThat(client.received().get(0)).isInstanceOf(MqttConnAckMessage.class);

        client.channel.close();
        client.channel.runPendingTasks();

        EmbeddedMqtt subscriber = connected(client.reconnect(), "watcher");
        List<MqttMessage> answer = subscriber.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "status/#")).received();
        MqttPublishMessage will = (MqttPublishMessage) answer.get(1);
        assertThat(payload(will)).isEqualTo("offline");
        assertThat(will.fixedHeader().isRetain()).isTrue();
        assertThat(will.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
    }

    @Test
    void anUnacknowledgedRetainedDeliveryIsSentAgainToAResumedSessionWithRetainAndDup() {
        EmbeddedMqtt publisher = connected(EmbeddedMqtt.listener(), "publisher");
        publisher.send(retained("sensors/a", MqttQoS.AT_LEAST_ONCE, 1, "again"));
        EmbeddedMqtt first = publisher.reconnect();
        first.send(connect("keeper", false, 0)).received();
        first.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "sensors/#")).received();
        first.channel.close();

        EmbeddedMqtt second = first.reconnect();
        List<MqttMessage> resumed = second.send(connect("keeper", false, 0)).received();

        assertThat(types(resumed)).containsExactly(MqttMessageType.CONNACK, MqttMessageType.PUBLISH);
        MqttPublishMessage again = (MqttPublishMessage) resumed.get(1);
        assertThat(again.fixedHeader().isDup()).isTrue();
        assertThat(again.fixedHeader().isRetain()).isTrue();
        assertThat(payload(again)).isEqualTo("again");
    }

    private static EmbeddedMqtt connected(EmbeddedMqtt mqtt, String clientId) {
        List<MqttMessage> answer = mqtt.send(connect(clientId, true, 0)).received();
        assertThat(answer).first().isInstanceOf(MqttConnAckMessage.class);
        return mqtt;
    }

    private static MqttMessage retained(String topic, MqttQoS qos, int packetId, String body) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId).retained(true)
                .payload(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)).build();
    }

    private static MqttMessage subscribe(int packetId, MqttQoS qos, String filter) {
        return MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(qos, filter).build();
    }

    private static MqttMessage puback(int packetId) {
        return new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(packetId));
    }

    private static List<MqttMessageType> types(List<MqttMessage> messages) {
        return messages.stream().map(message -> message.fixedHeader().messageType()).toList();
    }

    private static String payload(MqttPublishMessage publish) {
        return publish.payload().toString(StandardCharsets.UTF_8);
    }

    private static String body(Publication publication) {
        return new String(publication.body(), StandardCharsets.UTF_8);
    }
}
