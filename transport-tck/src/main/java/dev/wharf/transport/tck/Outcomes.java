package dev.wharf.transport.tck;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a client's futures with a bound, turning every way they can fail into an assertion error. */
final class Outcomes {

    private Outcomes() {}

    /** The value of {@code future}; fails when it failed or did not complete within {@code bound}. */
    static <T> T within(CompletableFuture<T> future, Duration bound, String what) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + bound.toMillis() + " ms");
        }
    }

    /** Why a completed future failed, unwrapped; null when it succeeded. */
    static Throwable failure(CompletableFuture<?> done) {
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }
}
