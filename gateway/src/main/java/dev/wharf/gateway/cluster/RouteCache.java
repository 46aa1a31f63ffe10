package dev.wharf.gateway.cluster;

import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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

    private final Lookups<TopicRoute> routes;
    private final Lookups<Map<String, String>> masters;

    RouteCache(NameServers nameServers, ClusterSettings settings) {
        this.routes = new Lookups<>(settings.routeRefresh(), settings.routeExpiry(), nameServers::route);
        this.masters = new Lookups<>(settings.routeRefresh(), settings.routeExpiry(), key -> nameServers.masters());
    }

    CompletableFuture<TopicRoute> route(String topic) {
        return routes.get(topic);
    }

    private CompletableFuture<Map<String, String>> masterTable() {
        return masters.get(CLUSTER);
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
            masters.invalidate(CLUSTER);
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

    /** The name of the broker whose master is at {@code address}; empty when no broker's is. */
    CompletableFuture<Optional<String>> brokerAt(String address) {
        return masterTable().thenApply(known -> known.entrySet().stream()
                .filter(master -> master.getValue().equals(address))
                .map(Map.Entry::getKey)
                .findFirst());
    }

    /** The master address of every broker of the cluster. */
    CompletableFuture<Collection<String>> masters() {
        return masterTable().thenApply(Map::values);
    }

    /** Forgets everything: the next use asks the NameServers. */
    void invalidateAll() {
        routes.invalidateAll();
        masters.invalidateAll();
    }
}
