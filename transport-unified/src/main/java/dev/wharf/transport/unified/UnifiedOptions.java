package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ServerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a unified port reads from its listener's options, besides the {@code tls.*} ones.
 *
 * @param proxyProtocol whether every connection opens with a PROXY protocol header (v1 or v2) from a trusted
 *     load balancer; off by default, when such a header is refused
 * @param detectionTimeout how long a new connection may take until its protocol is known (TLS handshake
 *     included); it is closed after that
 * @param maxDetectionBytes the most bytes a connection may send before its protocol is known
 */
record UnifiedOptions(boolean proxyProtocol, Duration detectionTimeout, int maxDetectionBytes) {

    /** Option: {@code true} when a load balancer in front sends PROXY protocol headers. */
    static final String PROXY_PROTOCOL = "proxyProtocol";
    /** Option: the detection timeout, ISO-8601 or milliseconds. */
    static final String DETECTION_TIMEOUT = "detectionTimeout";
    static final Duration DEFAULT_DETECTION_TIMEOUT = Duration.ofSeconds(10);
    /** Room for an HTTP/2 preface, SETTINGS and a first request's headers, or an HTTP/1.1 request head. */
    static final int MAX_DETECTION_BYTES = 32 * 1024;

    UnifiedOptions {
        if (detectionTimeout.isNegative() || detectionTimeout.isZero()) {
            throw new IllegalArgumentException(DETECTION_TIMEOUT + " must be positive, got " + detectionTimeout);
        }
    }

    /** @throws IllegalArgumentException naming an option whose value is bad */
    static UnifiedOptions from(ServerConfig config) {
        String proxy = config.option(PROXY_PROTOCOL, "false");
        if (!proxy.equals("true") && !proxy.equals("false")) {
            throw new IllegalArgumentException(PROXY_PROTOCOL + " must be true or false, got '" + proxy + "'");
        }
        Duration timeout;
        try {
            timeout = config.durationOption(DETECTION_TIMEOUT, DEFAULT_DETECTION_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad " + DETECTION_TIMEOUT + ": " + e.getMessage(), e);
        }
        return new UnifiedOptions(Boolean.parseBoolean(proxy), timeout, MAX_DETECTION_BYTES);
    }

    /** {@code config}'s options for the protocols behind the port: without the port's own and the TLS ones. */
    static ServerConfig forProtocols(ServerConfig config) {
        Predicate<String> portOwn = name -> name.startsWith("tls.") || name.equals(PROXY_PROTOCOL)
                || name.equals(DETECTION_TIMEOUT);
        Map<String, String> rest = config.options().entrySet().stream()
                .filter(option -> !portOwn.test(option.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ServerConfig(config.host(), config.port(), rest);
    }
}
