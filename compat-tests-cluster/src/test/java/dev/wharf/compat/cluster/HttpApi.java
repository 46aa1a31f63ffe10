package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Wharf's HTTP API as the Cluster-mode tests use it, against whichever gateway a call names: its sends and
 * receives name no broker, so the gateway picks one, and a receipt handle names the broker its acknowledgement
 * must reach.
 */
final class HttpApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    /** POSTs {@code json} to {@code path} of {@code to}'s HTTP listener. */
    HttpResponse<String> post(GatewayProcess to, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + to.address("http") + path))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes one message with {@code key} as its body and key; returns the key once a broker stored it. */
    String publish(GatewayProcess to, String topic, String key) throws Exception {
        HttpResponse<String> published = post(to, "/v1/topics/" + topic + "/messages",
                JSON.toJSONString(Map.of("body", key, "keys", List.of(key))));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(JSON.parseObject(published.body()).getJSONArray("results").getJSONObject(0).getLongValue("offset"))
                .as(published.body()).isNotNegative();
        return key;
    }

    /**
     * Receives {@code group}'s messages of {@code topic} through {@code through}, each invisible for 10 s, until
     * {@code enough} accepts all received so far.
     */
    List<JSONObject> receive(GatewayProcess through, String group, String topic, Predicate<List<JSONObject>> enough) {
        List<JSONObject> received = new CopyOnWriteArrayList<>();
        Waits.atMostBound("messages received through " + through).until(() -> {
            HttpResponse<String> answer = post(through, consumer(group, topic) + "/receive?max=16&wait=2s&invisibleTime=10s", "");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            received.addAll(JSON.parseObject(answer.body()).getList("messages", JSONObject.class));
            return enough.test(received);
        });
        return List.copyOf(received);
    }

    /** Acknowledges a received message through {@code through}, which need not be the gateway that received it. */
    void ack(GatewayProcess through, String group, String topic, JSONObject message) throws Exception {
        HttpResponse<String> acked = post(through, consumer(group, topic) + "/ack",
                JSON.toJSONString(Map.of("receiptHandle", message.getString("receiptHandle"))));
        assertThat(acked.statusCode()).as(acked.body()).isBetween(200, 299);
    }

    /** The broker a received message's receipt handle names: its sixth field. */
    static String brokerOf(JSONObject message) {
        return message.getString("receiptHandle").split(" ")[5];
    }

    private static String consumer(String group, String topic) {
        return "/v1/groups/" + group + "/topics/" + topic;
    }
}
