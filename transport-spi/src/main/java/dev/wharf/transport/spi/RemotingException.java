package dev.wharf.transport.spi;

/**
 * A failure to exchange a command with a peer: the connection, not the request, went wrong.
 *
 * <pre>{@code
 * client.invoke(address, request, timeout).exceptionally(failure -> {
 *     if (failure.getCause() instanceof RemotingException) { routes.invalidate(address); }
 *     return null;
 * });
 * }</pre>
 */
public class RemotingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
