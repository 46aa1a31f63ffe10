package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded business pools, one per protocol or class of work, each with named threads.
 *
 * <p>Pools reject when their queue is full (the {@link ProcessorTable} answers
 * {@link ResponseCode#SYSTEM_BUSY}); they never grow without bound and never run work on the caller,
 * which could be an event loop.
 *
 * <pre>{@code
 * ExecutorService send = context.executors().getOrCreate("remoting-send", 4, 10_000);
 * server.registerProcessor(RequestCode.SEND_MESSAGE_V2, sendProcessor, send);
 * }</pre>
 */
public final class ExecutorRegistry implements AutoCloseable {

    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();

    /** The pool named {@code name}, made with these bounds on first use. */
    public ExecutorService getOrCreate(String name, int threads, int queueCapacity) {
        return pools.computeIfAbsent(name, key -> newPool(key, threads, queueCapacity));
    }

    public Optional<ExecutorService> get(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** Names and pools, for metrics. */
    public Map<String, ExecutorService> all() {
        return Map.copyOf(pools);
    }

    /** Stops every pool, letting queued work finish for up to {@code grace}. */
    public void shutdown(Duration grace) {
        pools.values().forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ExecutorService pool : pools.values()) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
        pools.clear();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private static ExecutorService newPool(String name, int threads, int queueCapacity) {
        if (threads <= 0 || queueCapacity <= 0) {
            throw new IllegalArgumentException(
                    "pool " + name + " needs positive threads and queue capacity, got " + threads + "/" + queueCapacity);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                namedDaemonThreads("wharf-" + name),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Daemon threads called {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory namedDaemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
