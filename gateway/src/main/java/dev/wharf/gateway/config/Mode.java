package dev.wharf.gateway.config;

/**
 * Where the broker behind the gateway lives.
 *
 * <pre>{@code
 * mode: local
 * }</pre>
 */
public enum Mode {
    /** The broker core runs inside the gateway's process; no NameServer, no other node. */
    LOCAL
}
