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
 * @param maxOriginChannels 0 (the default): every command to an address shares one connection. Positive: a
 *     network client sends the commands it gets with an origin ({@link RemotingClient#invoke(RequestContext,
 *     String, RemotingCommand, Duration)}) over a connection of that origin's own, at most this many such
 *     connections at once, and relays what the server sends there to the origin's connection (see
 *     {@link #withChannelPerOrigin})
 */
public record ClientOptions(Duration connectTimeout, Duration idleTimeout, int maxFrameLength,
        Optional<ClientTlsOptions> tls, NegotiationOptions negotiation, int maxOriginChannels) {

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
        if (maxOriginChannels < 0) {
            throw new IllegalArgumentException("maxOriginChannels must be 0 (off) or positive, got " + maxOriginChannels);
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(3), Duration.ofSeconds(120), DEFAULT_MAX_FRAME_LENGTH,
                Optional.empty(), NegotiationOptions.defaults(), 0);
    }

    public ClientOptions withConnectTimeout(Duration value) {
        return new ClientOptions(value, idleTimeout, maxFrameLength, tls, negotiation, maxOriginChannels);
    }

    public ClientOptions withIdleTimeout(Duration value) {
        return new ClientOptions(connectTimeout, value, maxFrameLength, tls, negotiation, maxOriginChannels);
    }

    public ClientOptions withMaxFrameLength(int value) {
        return new ClientOptions(connectTimeout, idleTimeout, value, tls, negotiation, maxOriginChannels);
    }

    public ClientOptions withTls(ClientTlsOptions value) {
        return new ClientOptions(connectTimeout, idleTimeout, maxFrameLength, Optional.of(value), negotiation,
                maxOriginChannels);
    }

    public ClientOptions withNegotiation(NegotiationOptions value) {
        return new ClientOptions(connectTimeout, idleTimeout, maxFrameLength, tls, value, maxOriginChannels);
    }

    /**
     * One connection per (origin, address): what a gateway in front of RocketMQ brokers needs, since a broker
     * knows its producers and consumers by connection. Commands sent with an origin go over a connection
     * opened for that origin alone (on first use), closed when the origin's connection closes
     * ({@link Connection#closeFuture()}) or after {@link #idleTimeout()} without traffic; requests the server
     * sends on it (a transaction check-back, a question about a consumer) are relayed to the origin's
     * connection and its answer returned to the server. Commands without an origin share one connection per
     * address as before. Opening one more than {@code maxChannels} fails the command with SYSTEM_BUSY.
     *
     * @throws IllegalArgumentException when {@code maxChannels} is not positive
     */
    public ClientOptions withChannelPerOrigin(int maxChannels) {
        if (maxChannels <= 0) {
            throw new IllegalArgumentException("maxChannels must be positive, got " + maxChannels);
        }
        return new ClientOptions(connectTimeout, idleTimeout, maxFrameLength, tls, negotiation, maxChannels);
    }

    /** Whether commands with an origin get connections of their own ({@link #withChannelPerOrigin}). */
    public boolean channelPerOrigin() {
        return maxOriginChannels > 0;
    }
}
