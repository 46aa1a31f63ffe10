package dev.wharf.compat.support;

import java.util.Locale;

/**
 * A gateway listener's {@code tls.mode}: which clients it serves, told apart by their first bytes.
 */
public enum TlsMode {

    /** Plaintext only; TLS connections are refused. */
    DISABLED,
    /** TLS and plaintext on one port. */
    PERMISSIVE,
    /** TLS only; plaintext connections are refused before a byte of them is processed. */
    ENFORCING;

    /** Whether a client connecting with TLS ({@code true}) or in the clear is served. */
    public boolean serves(boolean tlsClient) {
        return switch (this) {
            case DISABLED -> !tlsClient;
            case PERMISSIVE -> true;
            case ENFORCING -> tlsClient;
        };
    }

    /** The value the gateway's YAML takes: {@code disabled}, {@code permissive}, {@code enforcing}. */
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
