package dev.wharf.transport.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket: the {@code Origin} a browser sends with the handshake against the
 * listener's {@code allowedOrigins}. Without a list only pages served by the listener itself may (the Origin
 * names the host the request went to, the {@code Host} header); {@code *} allows every page. Clients that send
 * no Origin are not browsers, whose pages the check protects, and are let through.
 */
final class OriginPolicy {

    private static final String ANY = "*";

    private final Set<String> allowed;

    OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalized).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin the handshake's {@code Origin} header; null when there is none
     * @param host the handshake's {@code Host} header; null when there is none
     */
    boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(ANY) || allowed.contains(normalized(origin));
        }
        return host != null && sameAuthority(origin, host);
    }

    private static boolean sameAuthority(String origin, String host) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return false;
            }
            int defaultPort = scheme.equals("https") ? 443 : 80;
            String originAuthority = uri.getHost() + (uri.getPort() < 0 ? ":" + defaultPort : ":" + uri.getPort());
            return authority(host, defaultPort).equalsIgnoreCase(originAuthority);
        } catch (URISyntaxException notAnOrigin) {
            return false;
        }
    }

    /** {@code host:port} of a Host header, with the scheme's port when it names none; IPv6 brackets kept. */
    private static String authority(String host, int defaultPort) {
        String trimmed = host.trim();
        int closingBracket = trimmed.lastIndexOf(']');
        int colon = trimmed.lastIndexOf(':');
        return colon > closingBracket ? trimmed : trimmed + ":" + defaultPort;
    }

    private static String normalized(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
