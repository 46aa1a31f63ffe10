package dev.wharf.transport.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which connections a listener accepts, told apart by their first bytes ({@link TlsModeHandler}).
 *
 * <pre>{@code
 * TlsMode mode = TlsMode.parse("permissive");
 * mode.accepts(SniffedProtocol.TLS);        // true
 * mode.accepts(SniffedProtocol.PLAINTEXT);  // true
 * }</pre>
 */
public enum TlsMode {

    /** Plaintext only; a TLS client is disconnected. */
    DISABLED,
    /** TLS and plaintext on the same port: clients find the listener with or without TLS. */
    PERMISSIVE,
    /** TLS only; a plaintext client is disconnected. */
    ENFORCING;

    /** Whether a connection that opened with {@code protocol} is served. */
    public boolean accepts(SniffedProtocol protocol) {
        return switch (protocol) {
            case TLS -> this != DISABLED;
            case PLAINTEXT -> this != ENFORCING;
        };
    }

    /** The mode named {@code text}, in any case: {@code disabled}, {@code permissive}, {@code enforcing}. */
    public static TlsMode parse(String text) {
        for (TlsMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values())
                .map(TlsMode::toString)
                .collect(Collectors.joining(", ")) + "; got '" + text + "'");
    }

    /** The lower-case name configuration files use. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
