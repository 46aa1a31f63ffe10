package dev.wharf.gateway.cli;

/** Turns an exception chain into the short text of a one-line error. */
final class Failures {

    private Failures() {}

    /**
     * The failure's own message, followed by its root cause's when that says something more:
     * {@code cannot bind the Remoting server to 0.0.0.0:8080 (bind(..) failed: Address already in use)}.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = messageOf(failure);
        return root == failure || message.contains(messageOf(root)) ? message : message + " (" + messageOf(root) + ")";
    }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
