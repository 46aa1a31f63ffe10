package dev.wharf.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's NameServers, asked for routes (GET_ROUTEINFO_BY_TOPIC) and for the list of brokers
 * (GET_BROKER_CLUSTER_INFO). Each question goes to the NameServers in turn, starting with the next one each
 * time, until one answers; one that cannot be reached or stays silent for {@link #LOOKUP_TIMEOUT} is skipped.
 *
 * <pre>{@code
 * NameServers nameServers = new NameServers(client, List.of("10.0.0.5:9876", "10.0.0.6:9876"));
 * nameServers.route("orders").thenAccept(route -> route.masters());
 * }</pre>
 */
final class NameServers {

    /** The Remoting client's default for a NameServer call. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    private final RemotingClient client;
    private final List<String> addresses;
    private final AtomicInteger next = new AtomicInteger();

    NameServers(RemotingClient client, List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one NameServer address is needed");
        }
        this.client = client;
        this.addresses = List.copyOf(addresses);
    }

    /**
     * The route of {@code topic}. Fails with a {@link RemotingCommandException} carrying the NameServer's code
     * and remark when it refuses (TOPIC_NOT_EXIST for an unknown topic), or SERVICE_NOT_AVAILABLE when none
     * answers.
     */
    CompletableFuture<TopicRoute> route(String topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", topic)
                .extField("acceptStandardJsonOnly", true)
                .build();
        return ask(request).thenApply(response -> TopicRoute.parse(topic, success(response, "the route of " + topic)));
    }

    /** Broker name to master address, for every broker registered with the cluster's NameServers. */
    CompletableFuture<Map<String, String>> masters() {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build();
        return ask(request).thenApply(response -> {
            JsonNode info = RouteJson.read(success(response, "the cluster's brokers"), "the NameServer's cluster info");
            return Map.copyOf(RouteJson.masters(info.path("brokerAddrTable")));
        });
    }

    private static byte[] success(RemotingCommand response, String what) {
        if (response.code() != ResponseCode.SUCCESS) {
            throw new RemotingCommandException(response.code(), response.remark() == null
                    ? "the NameServer refused " + what + " with code " + response.code()
                    : response.remark());
        }
        return response.body();
    }

    private CompletableFuture<RemotingCommand> ask(RemotingCommand request) {
        int first = Math.floorMod(next.getAndIncrement(), addresses.size());
        return ask(request, first, 0, new ArrayList<>());
    }

    private CompletableFuture<RemotingCommand> ask(RemotingCommand request, int first, int tried, List<String> failures) {
        if (tried == addresses.size()) {
            return CompletableFuture.failedFuture(new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "no NameServer answered " + RequestCode.nameOf(request.code()) + ": " + String.join("; ", failures)));
        }
        String address = addresses.get((first + tried) % addresses.size());
        return client.invoke(address, request, LOOKUP_TIMEOUT).exceptionallyCompose(failure -> {
            Throwable cause = Failures.unwrap(failure);
            if (!(cause instanceof RemotingException)) {
                return CompletableFuture.failedFuture(cause);
            }
            failures.add(address + ": " + cause.getMessage());
            return ask(request, first, tried + 1, failures);
        });
    }
}
