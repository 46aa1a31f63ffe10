package dev.wharf.transport.remoting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.transport.spi.NegotiationException;
import dev.wharf.transport.spi.NegotiationOptions;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the negotiation: on a new connection, sends the offer and switches the connection to
 * the server's answer; falls back to {@link WireFormat#BASELINE} when the peer does not understand
 * ({@link ResponseCode#REQUEST_CODE_NOT_SUPPORTED}, as Apache RocketMQ answers) or does not answer within
 * the bound; and remembers the outcome per address, so that the next connection there skips the handshake.
 * Anything else fails with a {@link NegotiationException}, and is not remembered.
 *
 * <p>Each handshake is counted in {@value NettyRemotingClient#NEGOTIATIONS} by outcome:
 * {@code negotiated}, {@code fallback}, {@code cached} (no handshake: the outcome was remembered) or
 * {@code failed}.
 */
final class ClientNegotiator {

    /** What the connection is good for once the negotiation is over. */
    enum Outcome {
        /** Switched to the negotiated format, or to the baseline: use it. */
        READY,
        /**
         * The peer did not answer in time: the baseline is remembered, but a late answer could still come
         * on this connection and switch the peer's end, so open a new one.
         */
        RECONNECT
    }

    private static final Logger log = LoggerFactory.getLogger(ClientNegotiator.class);

    private final HandshakeOffer offer;
    private final NegotiationOptions options;
    private final Cache<String, WireFormat> outcomes;
    private final MeterRegistry meters;

    ClientNegotiator(HandshakeOffer offer, NegotiationOptions options, MeterRegistry meters) {
        this.offer = offer;
        this.options = options;
        this.meters = meters;
        this.outcomes = Caffeine.newBuilder()
                .expireAfterWrite(options.cacheTtl())
                .maximumSize(10_000)
                // Clean-up on the callers' threads: no pool of its own.
                .executor(Runnable::run)
                .build();
    }

    /**
     * Negotiates on {@code connection}, a new connection to {@code peer} ({@code host:port}). The future
     * completes on the connection's event loop.
     */
    CompletableFuture<Outcome> negotiate(String peer, RemotingConnection connection) {
        WireFormat remembered = outcomes.getIfPresent(peer);
        if (remembered != null) {
            connection.use(remembered);
            count("cached");
            return CompletableFuture.completedFuture(Outcome.READY);
        }
        return connection.invoke(offer.toRequest(), options.timeout())
                .handle((response, failure) -> failure == null
                        ? answered(peer, connection, response)
                        : unanswered(peer, failure));
    }

    private Outcome answered(String peer, RemotingConnection connection, RemotingCommand response) {
        switch (response.code()) {
            case ResponseCode.SUCCESS -> {
                HandshakeAnswer answer = answer(peer, response);
                connection.use(answer.format());
                outcomes.put(peer, answer.format());
                count("negotiated");
                log.debug("negotiated {} with {}", answer, peer);
                return Outcome.READY;
            }
            case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> {
                fallBack(peer, "it does not support " + RequestCode.nameOf(RequestCode.WHARF_NEGOTIATE));
                return Outcome.READY;
            }
            case ResponseCode.VERSION_NOT_SUPPORTED -> throw failed(peer,
                    "a choice among " + offer, "VERSION_NOT_SUPPORTED (" + response.remark() + ")",
                    "the peer speaks Wharf's negotiation but none of what this client offers");
            default -> throw failed(peer, "SUCCESS or REQUEST_CODE_NOT_SUPPORTED",
                    ResponseCode.nameOf(response.code()) + " (" + response.remark() + ")",
                    "the peer answered the handshake with an error");
        }
    }

    private HandshakeAnswer answer(String peer, RemotingCommand response) {
        HandshakeAnswer answer;
        try {
            answer = HandshakeAnswer.of(response);
        } catch (IllegalArgumentException malformed) {
            throw failed(peer, "an answer with protocol, header and compression", response.extFields().toString(),
                    malformed.getMessage());
        }
        if (!offer.allows(answer)) {
            throw failed(peer, "a choice among " + offer, answer.toString(), "the peer chose what was not offered");
        }
        return answer;
    }

    private Outcome unanswered(String peer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof RemotingTimeoutException) {
            fallBack(peer, "it did not answer within " + options.timeout());
            return Outcome.RECONNECT;
        }
        throw failed(peer, "an answer to " + RequestCode.nameOf(RequestCode.WHARF_NEGOTIATE), String.valueOf(cause),
                "the connection failed during the handshake");
    }

    private void fallBack(String peer, String why) {
        outcomes.put(peer, WireFormat.BASELINE);
        count("fallback");
        log.info("{} does not negotiate ({}): plain Remoting with JSON headers for {}", peer, why,
                options.cacheTtl());
    }

    private NegotiationException failed(String peer, String expected, String found, String why) {
        count("failed");
        return new NegotiationException(peer, expected, found, why);
    }

    private void count(String outcome) {
        meters.counter(NettyRemotingClient.NEGOTIATIONS,
                        TransportMetrics.PROTOCOL_TAG, "remoting", "outcome", outcome)
                .increment();
    }
}
