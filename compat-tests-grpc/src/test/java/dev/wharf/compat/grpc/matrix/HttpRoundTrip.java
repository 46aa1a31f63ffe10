package dev.wharf.compat.grpc.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.support.TrustingAnyCertificate;
import dev.wharf.compat.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wharf's JSON API with the JDK's HttpClient in one HTTP version: publish to the topic, then receive (long polling
 * for a second at a time) and acknowledge in the group. HTTP/2 in the clear is h2c by upgrade, over TLS h2 by ALPN;
 * each answer must come in the case's version. A fresh client per case, so no connection is shared between cases.
 */
final class HttpRoundTrip implements RoundTrip {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Bounds a refused send: the listener closes the connection at once, or the request times out here. */
    private static final Duration REFUSED_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient.Version version;

    HttpRoundTrip(HttpClient.Version version) {
        this.version = version;
    }

    @Override
    public void sendAndReceive(Target target, String body) throws Exception {
        HttpClient client = client(target, REQUEST_TIMEOUT);
        String messageId = publish(client, target, body, REQUEST_TIMEOUT);

        String consumer = base(target) + "/v1/groups/" + target.group() + "/topics/" + target.topic();
        List<JSONObject> received = new CopyOnWriteArrayList<>();
        Waits.atMostBound("the message back over " + version).until(() -> {
            HttpResponse<String> answer = post(client, consumer + "/receive?max=16&wait=1s", "", REQUEST_TIMEOUT);
            received.addAll(answer.statusCode() == 200
                    ? JSON.parseObject(answer.body()).getList("messages", JSONObject.class)
                    : List.of());
            return !received.isEmpty();
        });
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.getString("messageId")).isEqualTo(messageId);
            assertThat(message.getString("body")).isEqualTo(body);
        });
        HttpResponse<String> acked = post(client, consumer + "/ack",
                JSON.toJSONString(Map.of("receiptHandle", received.get(0).getString("receiptHandle"))),
                REQUEST_TIMEOUT);
        assertThat(acked.statusCode()).as(acked.body()).isBetween(200, 299);
    }

    @Override
    public void send(Target target, String body) throws Exception {
        publish(client(target, REFUSED_TIMEOUT), target, body, REFUSED_TIMEOUT);
    }

    /** Publishes {@code body}; the message id the gateway answers. */
    private String publish(HttpClient client, Target target, String body, Duration timeout) throws Exception {
        HttpResponse<String> published = post(client, base(target) + "/v1/topics/" + target.topic() + "/messages",
                JSON.toJSONString(Map.of("messages", List.of(Map.of("body", body)))), timeout);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(published.version()).as("the HTTP version of the answer").isEqualTo(version);
        return JSON.parseObject(published.body()).getJSONArray("results").getJSONObject(0).getString("messageId");
    }

    private HttpClient client(Target target, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(version).connectTimeout(connectTimeout);
        if (target.tls()) {
            builder.sslContext(TrustingAnyCertificate.context());
        }
        return builder.build();
    }

    private static String base(Target target) {
        return (target.tls() ? "https://" : "http://") + target.address();
    }

    private static HttpResponse<String> post(HttpClient client, String uri, String json, Duration timeout)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
