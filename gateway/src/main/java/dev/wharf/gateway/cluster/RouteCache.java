package dev.wharf.gateway.cluster;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What the NameServers said, for a while: each topic's route and the cluster's brokers, refreshed in the
 * background once {@link ClusterSettings#routeRefresh()} old, dropped once {@link ClusterSettings#routeExpiry()}
 * old, and dropped at once when a broker cannot be reached ({@link #invalidateAll()}). A failed lookup (an
 * unknown topic, no NameServer answering) is not kept; a failed refresh keeps what it was to replace.
 *
 * <pre>{@code
 * RouteCache routes = new RouteCache(nameServers, settings.cluster());
 * routes.route("orders").thenApply(route -> route.advertising(gatewayAddress));
 * routes.masterOf("broker-a");
 * }</pre>
 */
final class RouteCache {

    /** The one key of the cluster's broker list. */
    private static final String CLUSTER = "cluster";

    private final AsyncLoadingCache<String, Lookup<TopicRoute>> routes;
    private final AsyncLoadingCache<String, Lookup<Map<String, String>>> masters;

    RouteCache(NameServers nameServers, ClusterSettings settings) {
        // Loads are NameServer calls that do not block; run cache upkeep on the caller, not the common pool.
        this.routes = Caffeine.newBuilder()
                .executor(Runnable::run)
                .refreshAfterWrite(settings.routeRefresh())
                .expireAfterWrite(settings.routeExpiry())
                .buildAsync(Lookup.loader(nameServers::route));
        this.masters = Caffeine.newBuilder()
                .executor(Runnable::run)
                .refreshAfterWrite(settings.routeRefresh())
                .expireAfterWrite(settings.routeExpiry())
                .buildAsync(Lookup.loader(key -> nameServers.masters()));
    }

    CompletableFuture<TopicRoute> route(String topic) {
        return routes.get(topic).thenCompose(lookup -> lookup.result(() -> routes.synchronous().invalidate(topic)));
    }

    private CompletableFuture<Map<String, String>> masterTable() {
        return masters.get(CLUSTER).thenCompose(lookup -> lookup.result(() -> masters.synchronous().invalidate(CLUSTER)));
    }

    /**
     * The master address of the broker named {@code brokerName}. A name the cached list lacks (a broker
     * that joined since) fetches the list again once; still unknown, it fails with SERVICE_NOT_AVAILABLE,
     * which producers retry on another broker.
     */
    CompletableFuture<String> masterOf(String brokerName) {
        return masterTable().thenCompose(known -> {
            String master = known.get(brokerName);
            if (master != null) {
                return CompletableFuture.completedFuture(master);
            }
            masters.synchronous().invalidate(CLUSTER);
            return masterTable().thenApply(fresh -> {
                String found = fresh.get(brokerName);
                if (found == null) {
                    throw new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE, "no broker named '"
                            + brokerName + "' has a master in the cluster; its brokers: " + fresh.keySet());
                }
                return found;
            });
        });
    }

    /** The master address of every broker of the cluster. */
    CompletableFuture<Collection<String>> masters() {
        return masterTable().thenApply(Map::values);
    }

    /**
     * What a lookup gave: a value, or the failure to hand on. Failures are loaded as values and forgotten on
     * first use, rather than failing the load, which Caffeine would log with a stack trace: an unknown topic is
     * an everyday answer.
     */
    private record Lookup<T>(T value, Throwable failure) {

        /** Loads with {@code lookup}; a background refresh that fails keeps the value it was to replace. */
        static <T> AsyncCacheLoader<String, Lookup<T>> loader(Function<String, CompletableFuture<T>> lookup) {
            return new AsyncCacheLoader<>() {
                @Override
                public CompletableFuture<Lookup<T>> asyncLoad(String key, Executor executor) {
                    return lookup.apply(key).handle(Lookup::new);
                }

                @Override
                public CompletableFuture<Lookup<T>> asyncReload(String key, Lookup<T> old, Executor executor) {
                    return asyncLoad(key, executor).thenApply(
                            fresh -> fresh.failure() != null && old.failure() == null ? old : fresh);
                }
            };
        }

        CompletableFuture<T> result(Runnable forget) {
            if (failure == null) {
                return CompletableFuture.completedFuture(value);
            }
            forget.run();
            return CompletableFuture.failedFuture(failure);
        }
    }

    /** Forgets everything: the next use asks the NameServers. */
    void invalidateAll() {
        routes.synchronous().invalidateAll();
        masters.synchronous().invalidateAll();
    }
}
