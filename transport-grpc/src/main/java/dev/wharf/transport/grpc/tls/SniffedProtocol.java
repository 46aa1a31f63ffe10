package dev.wharf.transport.grpc.tls;

/** What a connection's first bytes say it speaks, as {@link TlsSniffer} recognises it. */
public enum SniffedProtocol {
    /** A TLS handshake record: the client's hello. */
    TLS,
    /** The HTTP/2 client preface ({@code PRI * HTTP/2.0}) in the clear: h2c with prior knowledge. */
    PLAINTEXT
}
