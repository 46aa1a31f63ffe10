package dev.wharf.transport.spi;

/**
 * No response arrived within the request's timeout.
 *
 * <pre>{@code
 * catch (CompletionException e) { if (e.getCause() instanceof RemotingTimeoutException) retry(); }
 * }</pre>
 */
public class RemotingTimeoutException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingTimeoutException(String message) {
        super(message);
    }
}
