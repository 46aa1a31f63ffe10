package dev.wharf.compat.grpc.matrix;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's {@code wharf_requests_total} counters, summed per protocol, from {@code GET /metrics} on a plaintext
 * HTTP listener. Every request a processor of any protocol saw is in them; serving {@code /metrics} is not one.
 */
final class RequestCounters {

    /** {@code wharf_requests_total{outcome="success",protocol="remoting",request="SEND_MESSAGE"} 3.0}. */
    private static final Pattern SAMPLE =
            Pattern.compile("^wharf_requests_total\\{[^}]*protocol=\"([^\"]+)\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI metrics;

    /** @param httpAddress {@code host:port} of a listener serving http to plaintext clients */
    RequestCounters(String httpAddress) {
        this.metrics = URI.create("http://" + httpAddress + "/metrics");
    }

    /** Requests seen so far by protocol; protocols without any are absent. */
    Map<String, Double> read() throws Exception {
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + metrics + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        Map<String, Double> byProtocol = new TreeMap<>();
        Matcher sample = SAMPLE.matcher(answer.body());
        while (sample.find()) {
            byProtocol.merge(sample.group(1), Double.parseDouble(sample.group(2)), Double::sum);
        }
        return byProtocol;
    }
}
