package dev.wharf.transport.tck;

/**
 * The server answered a request with an error in its protocol's terms: a client completes the request's
 * future with this exception, so the suite can tell an answer from a lost connection or a timeout (any other
 * exception).
 *
 * <pre>{@code
 * if (response.statusCode() == 429) {
 *     throw new TckRefusal(TckRefusal.Kind.BUSY, "429 " + response.body());
 * }
 * }</pre>
 */
public final class TckRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the server said. */
    public enum Kind {
        /** Its pool is full, try later: SYSTEM_BUSY, TOO_MANY_REQUESTS, HTTP 429 and the like. */
        BUSY,
        /** Any other error answer. */
        ERROR
    }

    private final Kind kind;

    /**
     * @param kind what the server said
     * @param detail the answer as the protocol put it, for failure messages
     */
    public TckRefusal(Kind kind, String detail) {
        super(kind + ": " + detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
