package dev.wharf.gateway.cli;

/**
 * An admin command that could not be done: the gateway was unreachable, did not answer, or answered
 * with an error. The message is the one line the user sees.
 */
public final class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }
}
