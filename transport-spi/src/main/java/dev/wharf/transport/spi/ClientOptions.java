package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RemotingClient} connects and how long it waits.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults()
 *         .withConnectTimeout(Duration.ofSeconds(1))
 *         .withMaxFrameLength(8 << 20)
 *         .withTls(ClientTlsOptions.trusting(Path.of("tls/ca.crt")))
 *         .withNegotiation(NegotiationOptions.defaults().withEnabled(true));
 * }</pre>
 *
 * @param connectTimeout how long to wait for a connection to open
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param maxFrameLength largest frame accepted from a server, in bytes
 * @param tls TLS toward every server; empty for plaintext
 * @param negotiation whether and how to negotiate the protocol with peers addressed without a scheme
 */
public record ClientOptions(Duration connectTimeout, Duration idleTimeout, int maxFrameLength,
        Optional<ClientTlsOptions> tls, NegotiationOptions negotiation) {

    /** RocketMQ's frame cap: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(negotiation, "negotiation");
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive, got " + maxFrameLength);
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(3), Duration.ofSeconds(120), DEFAULT_MAX_FRAME_LENGTH,
                Optional.empty(), NegotiationOptions.defaults());
    }

    public ClientOptions withConnectTimeout(Duration value) {
        return new ClientOptions(value, idleTimeout, maxFrameLength, tls, negotiation);
    }

    public ClientOptions withIdleTimeout(Duration value) {
        return new ClientOptions(connectTimeout, value, maxFrameLength, tls, negotiation);
    }

    public ClientOptions withMaxFrameLength(int value) {
        return new ClientOptions(connectTimeout, idleTimeout, value, tls, negotiation);
    }

    public ClientOptions withTls(ClientTlsOptions value) {
        return new ClientOptions(connectTimeout, idleTimeout, maxFrameLength, Optional.of(value), negotiation);
    }

    public ClientOptions withNegotiation(NegotiationOptions value) {
        return new ClientOptions(connectTimeout, idleTimeout, maxFrameLength, tls, value);
    }
}
