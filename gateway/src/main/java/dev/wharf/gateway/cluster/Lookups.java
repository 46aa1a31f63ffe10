package dev.wharf.gateway.cluster;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Answers the cluster gave, by key, for a while: refreshed in the background once {@code refresh} old, dropped
 * once {@code expiry} old. A failed lookup (an unknown topic, nobody answering) is handed on and not kept; a
 * failed refresh keeps what it was to replace. Failures are loaded as values and forgotten on first use, rather
 * than failing the load, which Caffeine would log with a stack trace: an unknown topic is an everyday answer.
 *
 * <pre>{@code
 * Lookups<TopicRoute> routes = new Lookups<>(Duration.ofSeconds(20), Duration.ofMinutes(5), nameServers::route);
 * routes.get("orders").thenAccept(route -> ...);
 * }</pre>
 */
final class Lookups<T> {

    private final AsyncLoadingCache<String, Lookup<T>> cache;

    Lookups(Duration refresh, Duration expiry, Function<String, CompletableFuture<T>> lookup) {
        // Loads are network calls that do not block; run cache upkeep on the caller, not the common pool.
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .refreshAfterWrite(refresh)
                .expireAfterWrite(expiry)
                .buildAsync(loader(lookup));
    }

    CompletableFuture<T> get(String key) {
        return cache.get(key).thenCompose(lookup -> {
            if (lookup.failure() == null) {
                return CompletableFuture.completedFuture(lookup.value());
            }
            invalidate(key);
            return CompletableFuture.failedFuture(lookup.failure());
        });
    }

    void invalidate(String key) {
        cache.synchronous().invalidate(key);
    }

    void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Loads with {@code lookup}; a background refresh that fails keeps the value it was to replace. */
    private static <T> AsyncCacheLoader<String, Lookup<T>> loader(Function<String, CompletableFuture<T>> lookup) {
        return new AsyncCacheLoader<>() {
            @Override
            public CompletableFuture<Lookup<T>> asyncLoad(String key, Executor executor) {
                CompletableFuture<T> looked;
                try {
                    looked = lookup.apply(key);
                } catch (RuntimeException e) {
                    looked = CompletableFuture.failedFuture(e);
                }
                return looked.handle((value, failure) -> new Lookup<>(value, failure == null ? null : Failures.unwrap(failure)));
            }

            @Override
            public CompletableFuture<Lookup<T>> asyncReload(String key, Lookup<T> old, Executor executor) {
                return asyncLoad(key, executor).thenApply(
                        fresh -> fresh.failure() != null && old.failure() == null ? old : fresh);
            }
        };
    }

    /** What a lookup gave: a value, or the failure to hand on. */
    private record Lookup<T>(T value, Throwable failure) {}
}
