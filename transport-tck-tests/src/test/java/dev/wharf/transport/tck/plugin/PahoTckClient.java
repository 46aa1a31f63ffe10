package dev.wharf.transport.tck.plugin;

import dev.wharf.transport.tck.TckClaims;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TckConnection;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import dev.wharf.transport.tck.TckSubscription;
import dev.wharf.transport.tls.TrustingAnyServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho's {@link MqttAsyncClient} as the kit's client: QoS 1 publishes (the answer is the PUBACK's packet
 * id), a QoS 1 subscription to {@code <topic>/#} per subscribe with manual acknowledgement (the ack is the PUBACK
 * of the delivery's packet id). Each connection is a client id of its own with a clean session, so each
 * subscription is a consumer group of its own; the kit's group name has no MQTT counterpart.
 */
final class PahoTckClient implements TckClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int QOS = 1;

    private final AtomicInteger clientIds = new AtomicInteger();

    @Override
    public TckClaims claims() {
        return TckClaims.builder()
                .tls(true)
                .serverPush(true)
                .messageIds(false)
                .userProperties(false)
                .onlyNewMessages(true)
                // A remaining length of five bytes (at most four), then a PUBLISH before CONNECT.
                .malformedInput(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01})
                .malformedInput(new byte[] {0x30, 0x05, 0x00, 0x01, 'x', 'h', 'i'})
                .build();
    }

    @Override
    public TckConnection connect(InetSocketAddress address, boolean tls) {
        String uri = (tls ? "ssl" : "tcp") + "://" + address.getHostString() + ":" + address.getPort();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(1_000);
        options.setConnectionTimeout((int) TIMEOUT.toSeconds());
        if (tls) {
            options.setSocketFactory(TrustingAnyServer.context().getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(false);
        }
        try {
            MqttAsyncClient client = new MqttAsyncClient(uri, "tck-" + clientIds.incrementAndGet(),
                    new MemoryPersistence());
            client.setManualAcks(true);
            client.connect(options).waitForCompletion(TIMEOUT.toMillis());
            return new PahoConnection(client);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to " + uri + ": " + e, e);
        }
    }

    @Override
    public void close() {}

    private record PahoConnection(MqttAsyncClient client) implements TckConnection {

        @Override
        public CompletableFuture<String> publish(String topic, TckMessage message) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            MqttMessage publish = new MqttMessage(message.body());
            publish.setQos(QOS);
            try {
                client.publish(topic, publish, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        answer.complete(Integer.toString(token.getMessageId()));
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        answer.completeExceptionally(failure);
                    }
                });
            } catch (MqttException e) {
                answer.completeExceptionally(e);
            }
            return answer.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
            String filter = topic + "/#";
            try {
                IMqttToken subscribed = client.subscribe(filter, QOS, (name, message) -> {
                    String packetId = Integer.toString(message.getId());
                    sink.accept(new TckDelivery(packetId, message.getPayload(), Map.of(), packetId));
                });
                subscribed.waitForCompletion(TIMEOUT.toMillis());
                int granted = subscribed.getGrantedQos()[0];
                if (granted != QOS) {
                    throw new IllegalStateException("SUBACK for " + filter + " granted " + granted + ", not QoS " + QOS);
                }
            } catch (MqttException e) {
                throw new IllegalStateException("cannot subscribe to " + filter + ": " + e, e);
            }
            return () -> {
                try {
                    client.unsubscribe(filter).waitForCompletion(TIMEOUT.toMillis());
                } catch (MqttException e) {
                    // The connection is gone; so is the subscription.
                }
            };
        }

        /** MQTT's PUBACK has no answer: the future completes once it is handed to the connection. */
        @Override
        public CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery) {
            try {
                client.messageArrivedComplete(Integer.parseInt(delivery.receipt()), QOS);
                return CompletableFuture.completedFuture(null);
            } catch (MqttException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    // No quiescing: unacknowledged deliveries are the server's to send again.
                    client.disconnect(0).waitForCompletion(TIMEOUT.toMillis());
                }
                client.close(true);
            } catch (MqttException e) {
                // Closing what the server already closed: nothing left to release.
            }
        }
    }
}
