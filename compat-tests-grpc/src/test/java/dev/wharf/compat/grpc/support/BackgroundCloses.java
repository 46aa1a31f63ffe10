package dev.wharf.compat.grpc.support;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Closes the SDK clients of finished tests while the next tests run, and waits for all of them when closed itself.
 * A PushConsumer's close waits for its receive call in flight, which long-polls for the server's long-polling
 * time (20 s by default, 3 s on the tests' Wharf gateways); done in line, that wait would add up over every
 * PushConsumer test.
 *
 * <p>Kept in the extension store of a test class's run (one per transport), which JUnit closes when the run ends:
 * before the class's server stops.
 */
final class BackgroundCloses implements AutoCloseable {

    private final ExecutorService closers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "sdk-client-close");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CompletableFuture<Void>> closing = new CopyOnWriteArrayList<>();

    /** Closes {@code clients}, in that order, on a thread of their own. */
    void closeLater(List<Closeable> clients) {
        closing.add(CompletableFuture.runAsync(() -> {
            for (Closeable client : clients) {
                try {
                    client.close();
                } catch (IOException e) {
                    throw new IllegalStateException("closing " + client + " failed", e);
                }
            }
        }, closers));
    }

    /**
     * Waits until every client is closed.
     *
     * @throws AssertionError when a close failed
     */
    @Override
    public void close() {
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            throw new AssertionError("closing SDK clients failed", e);
        } finally {
            closers.shutdown();
        }
    }
}
