package dev.wharf.transport.spi;

/**
 * A request that cannot be served, with the RocketMQ response code the client should see.
 *
 * <p>A {@link RequestProcessor} throws it, or completes its future with it, and the
 * {@link ProcessorTable} turns it into an error response carrying {@link #responseCode()} and the
 * message as remark.
 *
 * <pre>{@code
 * if (!topics.exists(topic)) {
 *     throw new RemotingCommandException(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist");
 * }
 * }</pre>
 */
public class RemotingCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int responseCode;

    public RemotingCommandException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    public RemotingCommandException(int responseCode, String message, Throwable cause) {
        super(message, cause);
        this.responseCode = responseCode;
    }

    /** The {@link ResponseCode} to answer with. */
    public int responseCode() {
        return responseCode;
    }
}
