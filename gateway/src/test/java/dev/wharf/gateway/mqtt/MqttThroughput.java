package dev.wharf.gateway.mqtt;

import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A measurement, not a test (docs/PERFORMANCE.md, "MQTT with Paho"): Paho publishes {@code n} messages of 100 bytes
 * at QoS 1, QoS 0 and QoS 1 again, with at most {@code window} in flight, to a Local-mode gateway's MQTT listener
 * in this process; then a QoS 1 subscriber drains the 3n stored messages: a persistent session that subscribed
 * before the publishes (a new subscription starts at the queues' ends, as MQTT wants) and comes back after them.
 * Arguments: n, window.
 */
public final class MqttThroughput {

    private MqttThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int window = Integer.parseInt(args[1]);
        GatewayConfig defaults = TestGateway.config(Files.createTempDirectory("mqtt-bench"));
        ListenerConfig http = new ListenerConfig("http", "127.0.0.1", 0, List.of(ProtocolType.HTTP));
        ListenerConfig mqtt = new ListenerConfig("mqtt", "127.0.0.1", 0, List.of(ProtocolType.of("mqtt")),
                Optional.empty(), Map.of("maxInflight", "256", "receiveWait", "1s"));
        try (LocalGateway gateway = LocalGateway.start(new GatewayConfig(defaults.mode(),
                List.of(defaults.listeners().get(0), http, mqtt), defaults.store(), defaults.broker(), defaults.threads()))) {
            URI base = URI.create("http://127.0.0.1:" + gateway.listeners().get(1).port());
            HttpResponse<String> created = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("/v1/topics")).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"bench\",\"type\":\"NORMAL\",\"queues\":4}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("topic: " + created.statusCode());
            String uri = "tcp://127.0.0.1:" + gateway.listeners().get(2).port();
            MqttConnectOptions persistent = new MqttConnectOptions();
            persistent.setCleanSession(false);
            MqttClient subscriber = new MqttClient(uri, "bench-sub", new MemoryPersistence());
            subscriber.connect(persistent);
            subscriber.subscribe("bench/#", 1);
            subscriber.disconnect();
            byte[] body = new byte[100];
            for (int qos : new int[] {1, 0, 1}) {
                MqttAsyncClient publisher =
                        new MqttAsyncClient(uri, "bench-pub-" + System.nanoTime(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(window);
                publisher.connect(options).waitForCompletion();
                Semaphore inflight = new Semaphore(window);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    inflight.acquire();
                    publisher.publish("bench/device-" + (i % 10), body, qos, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            inflight.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            inflight.release();
                            System.out.println("publish failed: " + e);
                        }
                    });
                }
                inflight.acquire(window);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("publish QoS %d: %d messages of 100 B, window %d: %.2f s, %.0f msg/s%n",
                        qos, n, window, seconds, n / seconds);
                publisher.disconnect().waitForCompletion();
                publisher.close();
            }
            // The session's subscription kept its place while it was away: all 3n messages wait for it.
            CountDownLatch received = new CountDownLatch(3 * n);
            subscriber.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.countDown();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            long start = System.nanoTime();
            subscriber.connect(persistent);
            received.await(300, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long got = 3L * n - received.getCount();
            System.out.printf("subscribe QoS 1 (filter bench/#, maxInflight 256): %d of %d received in %.2f s, %.0f msg/s%n",
                    got, 3 * n, seconds, got / seconds);
            subscriber.disconnect();
            subscriber.close();
        }
    }
}
