package dev.wharf.broker;

import dev.wharf.transport.spi.TransportContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/** Fills one of the broker's pools of one thread and one queue slot, until {@code release} counts down. */
final class FullPool {

    private FullPool() {}

    /** Its one thread blocked and its one queue slot taken, so the next request cannot be accepted. */
    static void occupy(TransportContext context, String pool, CountDownLatch release) {
        ExecutorService executor = context.executors().get(pool).orElseThrow();
        executor.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        executor.execute(() -> { });
    }
}
