package dev.wharf.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits and authentication of an {@code http} listener, handed to the HTTP transport as its options.
 *
 * <pre>{@code
 * listeners:
 *   - name: http
 *     port: 8082
 *     protocols: [http]
 *     http:
 *       maxRequestBytes: ""
 *       maxBatchMessages: 64
 *       maxConcurrentStreams: 128
 *       idleTimeout: 120s
 *       tokens: ""
 * }</pre>
 *
 * @param maxRequestBytes largest request body; empty for room for the broker's largest message base64-encoded
 * @param maxBatchMessages most messages in one publish request
 * @param maxConcurrentStreams most HTTP/2 requests in flight on one connection
 * @param idleTimeout a connection without traffic for this long is closed
 * @param tokens bearer tokens, one of which every request must carry (comma-separated in YAML); empty for no
 *     authentication
 */
public record HttpSettings(Optional<Long> maxRequestBytes, int maxBatchMessages, int maxConcurrentStreams,
        Duration idleTimeout, List<String> tokens) {

    public HttpSettings {
        Objects.requireNonNull(maxRequestBytes, "maxRequestBytes");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        tokens = List.copyOf(tokens);
    }

    public static HttpSettings defaults() {
        return new HttpSettings(Optional.empty(), 64, 128, Duration.ofSeconds(120), List.of());
    }

    /** The transport options these settings stand for (see the HTTP transport's {@code HttpOptions}). */
    public Map<String, String> serverOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        maxRequestBytes.ifPresent(bytes -> options.put("maxRequestBytes", Long.toString(bytes)));
        options.put("maxBatchMessages", Integer.toString(maxBatchMessages));
        options.put("maxConcurrentStreams", Integer.toString(maxConcurrentStreams));
        options.put("idleTimeout", Long.toString(idleTimeout.toMillis()));
        options.put("tokens", String.join(",", tokens));
        return options;
    }

    /** Never prints the tokens. */
    @Override
    public String toString() {
        return "HttpSettings[maxRequestBytes=" + maxRequestBytes + ", maxBatchMessages=" + maxBatchMessages
                + ", maxConcurrentStreams=" + maxConcurrentStreams + ", idleTimeout=" + idleTimeout + ", tokens="
                + tokens.size() + "]";
    }
}
