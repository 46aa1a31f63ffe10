package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a client negotiates the protocol with a peer whose address has no scheme (see
 * {@link PeerAddress}): it sends a handshake on each new connection, waits at most {@code timeout} for the
 * answer, and remembers the outcome per address for {@code cacheTtl}, so that later connections to that
 * address skip the handshake. A peer that does not understand the handshake, or does not answer within
 * {@code timeout}, gets the baseline protocol (plain Remoting, JSON headers, no compression).
 *
 * <p>{@link TransportRegistry#createClient} turns it on for {@link ProtocolType#AUTO} and leaves it off for
 * an explicit protocol.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults().withNegotiation(
 *         NegotiationOptions.defaults().withTimeout(Duration.ofMillis(500)).withCacheTtl(Duration.ofMinutes(5)));
 * RemotingClient brokers = transports.createClient(ProtocolType.AUTO, options);
 * }</pre>
 *
 * @param enabled whether to negotiate at all
 * @param timeout how long to wait for the peer's answer before falling back to the baseline
 * @param cacheTtl how long an outcome is reused for new connections to the same address
 */
public record NegotiationOptions(boolean enabled, Duration timeout, Duration cacheTtl) {

    /** The bound on a handshake's answer: an Apache broker answers "not supported" well within it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** How long an outcome is remembered per address. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);

    public NegotiationOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("negotiation timeout must be positive, got " + timeout);
        }
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("negotiation cacheTtl must not be negative, got " + cacheTtl);
        }
    }

    /** Off, with the default bounds for when it is turned on. */
    public static NegotiationOptions defaults() {
        return new NegotiationOptions(false, DEFAULT_TIMEOUT, DEFAULT_CACHE_TTL);
    }

    public NegotiationOptions withEnabled(boolean value) {
        return new NegotiationOptions(value, timeout, cacheTtl);
    }

    public NegotiationOptions withTimeout(Duration value) {
        return new NegotiationOptions(enabled, value, cacheTtl);
    }

    public NegotiationOptions withCacheTtl(Duration value) {
        return new NegotiationOptions(enabled, timeout, value);
    }
}
