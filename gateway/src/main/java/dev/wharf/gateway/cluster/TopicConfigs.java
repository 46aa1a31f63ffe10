package dev.wharf.gateway.cluster;

import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Topics' configurations (GET_TOPIC_CONFIG, whose {@code message.type} attribute gRPC routes need), asked of
 * the first broker of the topic's route and kept as long as routes are. A topic the NameServers do not know
 * fails with their TOPIC_NOT_EXIST; a broker that cannot be asked or refuses fails too, so a caller never
 * takes a missing configuration for a topic without a type.
 *
 * <pre>{@code
 * TopicConfigs configs = new TopicConfigs(client, routes, settings);
 * configs.answer(getTopicConfigRequest);   // the broker's answer, body the TopicConfig JSON
 * }</pre>
 */
final class TopicConfigs {

    private final RemotingClient client;
    private final RouteCache routes;
    private final Duration timeout;
    private final Lookups<byte[]> configs;

    TopicConfigs(RemotingClient client, RouteCache routes, ClusterSettings settings) {
        this.client = client;
        this.routes = routes;
        this.timeout = settings.brokerTimeout();
        this.configs = new Lookups<>(settings.routeRefresh(), settings.routeRefresh(), this::fetch);
    }

    /** The answer to a GET_TOPIC_CONFIG that names no broker. */
    CompletableFuture<RemotingCommand> answer(RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic == null || topic.isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "GET_TOPIC_CONFIG needs the header field topic");
        }
        return configs.get(topic).thenApply(config ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(config).build());
    }

    private CompletableFuture<byte[]> fetch(String topic) {
        return routes.route(topic).thenCompose(route -> {
            List<String> brokers = route.masters().keySet().stream().sorted().toList();
            if (brokers.isEmpty()) {
                throw new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE,
                        "no broker of topic " + topic + " has a master to ask for its configuration");
            }
            String broker = brokers.get(0);
            RemotingCommand request = RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG)
                    .extField("topic", topic)
                    .extField(NamedBrokerSelector.BROKER_NAME, broker)
                    .build();
            return client.invoke(route.masters().get(broker), request, timeout).handle((response, failure) -> {
                if (failure != null) {
                    routes.invalidateAll();
                    throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR, "cannot get the configuration of topic "
                            + topic + " from broker " + broker + ": " + Failures.unwrap(failure).getMessage());
                }
                if (response.code() != ResponseCode.SUCCESS) {
                    throw new RemotingCommandException(response.code(), "broker " + broker
                            + " refused the configuration of topic " + topic + ": " + response.remark());
                }
                return response.body();
            });
        });
    }
}
