package dev.wharf.transport.tck;

import java.net.InetSocketAddress;

/**
 * The client side of a protocol, written by the transport's author for the conformance suite: it speaks the
 * protocol as that protocol's real clients do, and says what it and the server claim.
 *
 * <pre>{@code
 * final class MqttTckClient implements TckClient {
 *     public TckClaims claims() {
 *         return TckClaims.builder().serverPush(true).maxBodyBytes(256 << 10).build();
 *     }
 *     public TckConnection connect(InetSocketAddress address, boolean tls) {
 *         return new PahoConnection(address, tls);   // publish, subscribe and ack with Paho
 *     }
 *     public void close() {}
 * }
 * }</pre>
 */
public interface TckClient extends AutoCloseable {

    /** What the client can do and what the server is expected to do; read once per suite. */
    TckClaims claims();

    /**
     * Opens a connection to the server under test and returns once it can send.
     *
     * @param tls whether to connect over TLS; the server's certificate is a self-signed development one, so
     *     the client must trust any (see {@code TrustingAnyServer.context()} of transport-tls's test-jar)
     * @throws RuntimeException when it cannot connect
     */
    TckConnection connect(InetSocketAddress address, boolean tls);

    /** Releases what the client shares between connections (event loops, an HTTP client). Never throws. */
    @Override
    void close();
}
