package dev.wharf.transport.spi;

/**
 * A protocol negotiation that failed: the peer answered the handshake, but not with anything the client
 * can use (no common choice, an answer outside the offer, an unexpected error), or the connection broke
 * during it. A peer that merely does not understand the handshake is no failure: the client falls back.
 * The message names what was expected, what was found and why.
 *
 * <pre>{@code
 * client.invoke("broker-a:10911", request, timeout).exceptionally(failure -> {
 *     if (failure.getCause() instanceof NegotiationException refused) {
 *         log.error("{} (expected {}, found {})", refused.getMessage(), refused.expected(), refused.found());
 *     }
 *     return null;
 * });
 * }</pre>
 */
public class NegotiationException extends RemotingException {

    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String found;

    /**
     * @param peer the address negotiated with
     * @param expected what the client needed from the peer
     * @param found what the peer sent instead
     * @param why what it means, in words
     */
    public NegotiationException(String peer, String expected, String found, String why) {
        super("protocol negotiation with " + peer + " failed: expected " + expected + ", found " + found + ": "
                + why);
        this.expected = expected;
        this.found = found;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }
}
