package dev.wharf.transport.tls;

/** What a connection's first bytes say it speaks, as {@link TlsModeHandler} recognises it. */
public enum SniffedProtocol {
    /** A TLS handshake record: the client's hello. */
    TLS,
    /** The transport's own protocol in the clear. */
    PLAINTEXT
}
