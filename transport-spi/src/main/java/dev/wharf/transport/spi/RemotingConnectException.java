package dev.wharf.transport.spi;

/**
 * The peer's address could not be reached, or the connection closed before the answer came.
 *
 * <pre>{@code
 * catch (CompletionException e) { if (e.getCause() instanceof RemotingConnectException) markDown(address); }
 * }</pre>
 */
public class RemotingConnectException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
