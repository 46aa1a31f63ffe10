package dev.wharf.gateway.cluster;

import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.gateway.local.ForwardingProcessor;
import dev.wharf.transport.spi.PeerAddress;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The processor of every listener in Cluster mode: the gateway is NameServer and broker to its clients, and
 * the cluster's brokers do the work.
 *
 * <ul>
 *   <li>GET_ROUTEINFO_BY_TOPIC is answered from the {@link RouteCache}, with every broker's addresses replaced by
 *       this gateway's as the client reached it (the connection's local address) and the broker names kept, so
 *       clients send everything here and say which broker they mean;
 *   <li>HEART_BEAT and UNREGISTER_CLIENT go to the master of every broker of the cluster, since a client may use
 *       any of them; the answer is the first broker's that succeeded, without heartbeat v2 (its "unchanged"
 *       shortcut assumes one broker saw every earlier heartbeat);
 *   <li>everything else goes to the broker it names ({@link NamedBrokerSelector}) through a
 *       {@link ForwardingProcessor}.
 * </ul>
 *
 * <p>The client toward NameServers and brokers is Wharf's Remoting client with {@link ProtocolType#AUTO}:
 * Wharf brokers negotiate, Apache RocketMQ brokers are spoken to in plain Remoting, each outcome remembered
 * per address. Made with {@link dev.wharf.transport.spi.ClientOptions#withChannelPerOrigin}, it sends a
 * client's heartbeats and commands over broker connections of that client's own, which is how a broker tells
 * the clients behind one gateway apart and reaches each of them (check-backs, consumer questions).
 *
 * <pre>{@code
 * RemotingClient client = transports.createClient(ProtocolType.AUTO,
 *         ClientOptions.defaults().withChannelPerOrigin(config.cluster().maxClientChannels()));
 * server.registerDefaultProcessor(ClusterRequests.create(client, config.cluster()), Runnable::run);
 * }</pre>
 */
public final class ClusterRequests implements RequestProcessor {

    /** Heartbeat v2 fields of a 5.x broker's HEART_BEAT answer; left out, clients send full heartbeats. */
    private static final List<String> HEARTBEAT_V2_FIELDS = List.of("IS_SUPPORT_HEART_BEAT_V2", "IS_SUB_CHANGE");

    private final RemotingClient client;
    private final RouteCache routes;
    private final ForwardingProcessor forwarder;
    private final Duration timeout;

    private ClusterRequests(RemotingClient client, RouteCache routes, Duration timeout) {
        this.client = client;
        this.routes = routes;
        this.timeout = timeout;
        this.forwarder = new ForwardingProcessor(client, new NamedBrokerSelector(routes), timeout);
    }

    /** Cluster mode over {@code client} (made for {@link ProtocolType#AUTO}), which it does not close. */
    public static ClusterRequests create(RemotingClient client, ClusterSettings settings) {
        return new ClusterRequests(client, new RouteCache(new NameServers(client, settings.nameServers()), settings),
                settings.brokerTimeout());
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(context, request);
            case RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT -> everyBroker(context, request);
            default -> forwarder.process(context, request);
        };
    }

    private CompletableFuture<RemotingCommand> route(RequestContext context, RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic == null || topic.isBlank()) {
            return CompletableFuture.failedFuture(new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "GET_ROUTEINFO_BY_TOPIC needs the header field topic"));
        }
        String gateway = reachedAt(context.connection().localAddress());
        return routes.route(topic).thenApply(route -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(route.advertising(gateway))
                .build());
    }

    /** {@code host:port} of the socket address a client reached this gateway on. */
    private static String reachedAt(SocketAddress local) {
        if (!(local instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR,
                    "cannot advertise this gateway: the connection's local address is " + local);
        }
        return new PeerAddress(ProtocolType.AUTO, false, inet.getAddress().getHostAddress(), inet.getPort())
                .hostAndPort();
    }

    /** On behalf of the client's connection: each broker registers the client on that connection's own. */
    private CompletableFuture<RemotingCommand> everyBroker(RequestContext context, RemotingCommand request) {
        return routes.masters().thenCompose(masters -> {
            List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
            for (String master : masters) {
                answers.add(client.invoke(context, master, request, timeout).exceptionally(failure -> {
                    routes.invalidateAll();
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    return RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR,
                            "the broker at " + master + " did not answer: " + cause.getMessage());
                }));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .thenApply(done -> combined(request, answers));
        });
    }

    /** The first success, else the first refusal; with no broker at all, SERVICE_NOT_AVAILABLE. */
    private static RemotingCommand combined(
            RemotingCommand request, List<CompletableFuture<RemotingCommand>> answers) {
        List<RemotingCommand> responses = answers.stream().map(CompletableFuture::join).toList();
        return responses.stream()
                .filter(response -> response.code() == ResponseCode.SUCCESS)
                .findFirst()
                .map(ClusterRequests::withoutHeartbeatV2)
                .or(() -> responses.stream().findFirst())
                .orElseGet(() -> RemotingCommand.errorResponse(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                        "the cluster's NameServers know no broker with a master"));
    }

    private static RemotingCommand withoutHeartbeatV2(RemotingCommand response) {
        RemotingCommand.Builder builder = response.toBuilder();
        HEARTBEAT_V2_FIELDS.forEach(field -> builder.extField(field, null));
        return builder.build();
    }
}
