package dev.wharf.gateway.cluster;

import java.util.concurrent.CompletionException;

/** What failed, as futures composed with {@code thenCompose} and friends hand it over wrapped. */
final class Failures {

    private Failures() {}

    /** The cause of a {@link CompletionException}; any other failure as it is. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
