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
import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
 *       shortcut assumes one broker saw every earlier heartbeat), over the client's own broker connections, on
 *       which the brokers' requests to that client (check-backs, consumer questions) come back and are relayed;
 *   <li>topic and group changes that name no broker (Wharf's admin) go to every master too, and succeed only
 *       when every master took them;
 *   <li>sends and POPs that name no broker get one ({@link UnnamedSends}, {@link UnnamedPops}), a
 *       GET_TOPIC_CONFIG that names none is answered by a broker of the topic ({@link TopicConfigs}), and a
 *       GET_TOPIC_STATS_INFO by all of them ({@link TopicStats});
 *   <li>everything else goes to the broker it names ({@link NamedBrokerSelector}), settlements of POP receipts
 *       to the broker in the receipt, through a {@link ForwardingProcessor}.
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

    /** Changes of topics and groups, which every master must take when they name no broker. */
    private static final Set<Integer> ADMIN_CHANGES = Set.of(RequestCode.UPDATE_AND_CREATE_TOPIC,
            RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
            RequestCode.DELETE_SUBSCRIPTIONGROUP);

    private final RemotingClient client;
    private final RouteCache routes;
    private final ForwardingProcessor forwarder;
    private final UnnamedSends sends;
    private final UnnamedPops pops;
    private final TopicConfigs topicConfigs;
    private final TopicStats topicStats;
    private final Duration timeout;

    private ClusterRequests(RemotingClient client, RouteCache routes, ClusterSettings settings) {
        this.client = client;
        this.routes = routes;
        this.timeout = settings.brokerTimeout();
        this.forwarder = new ForwardingProcessor(client, new NamedBrokerSelector(routes), timeout);
        this.sends = new UnnamedSends(routes, forwarder);
        this.pops = new UnnamedPops(routes, forwarder);
        this.topicConfigs = new TopicConfigs(client, routes, settings);
        this.topicStats = new TopicStats(client, routes, timeout);
    }

    /**
     * Cluster mode over {@code client} (made for {@link ProtocolType#AUTO}, with a channel per origin), which it
     * does not close.
     */
    public static ClusterRequests create(RemotingClient client, ClusterSettings settings) {
        return new ClusterRequests(client, new RouteCache(new NameServers(client, settings.nameServers()), settings),
                settings);
    }

    /**
     * Whether {@code request} says which broker it is for: in its header ({@code bname}, or {@code n} in a V2
     * send), in a queue lock's body, or by the POP receipt it settles. Routes, heartbeats and unregistrations are
     * the gateway's own business and name none.
     *
     * @throws RemotingCommandException INVALID_PARAMETER for a queue lock whose body is malformed
     */
    public static boolean namesItsBroker(RemotingCommand request) {
        return ReceiptBroker.settlesReceipt(request) || NamedBrokerSelector.brokerName(request) != null;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        int code = request.code();
        if (code == RequestCode.GET_ROUTEINFO_BY_TOPIC) {
            return route(context, request);
        }
        if (code == RequestCode.HEART_BEAT || code == RequestCode.UNREGISTER_CLIENT) {
            return everyBroker(context, request, false);
        }
        if (NamedBrokerSelector.brokerName(request) != null) {
            return forwarder.process(context, request);
        }
        if (ADMIN_CHANGES.contains(code)) {
            return everyBroker(context, request, true);
        }
        return switch (code) {
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE ->
                    sends.send(context, request);
            case RequestCode.POP_MESSAGE -> pops.pop(context, request);
            case RequestCode.GET_TOPIC_CONFIG -> topicConfigs.answer(request);
            case RequestCode.GET_TOPIC_STATS_INFO -> topicStats.answer(request);
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

    /**
     * To every master, on behalf of the client's connection (each broker then knows the client by a connection of
     * its own); with {@code everyMustSucceed}, the first refusal answers when there is one.
     */
    private CompletableFuture<RemotingCommand> everyBroker(RequestContext context, RemotingCommand request,
            boolean everyMustSucceed) {
        return routes.masters().thenCompose(masters -> {
            List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
            for (String master : masters) {
                answers.add(client.invoke(context, master, request, timeout).exceptionally(failure -> {
                    routes.invalidateAll();
                    Throwable cause = Failures.unwrap(failure);
                    return RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR,
                            "the broker at " + master + " did not answer: " + cause.getMessage());
                }));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .thenApply(done -> everyMustSucceed ? firstRefusal(request, answers) : combined(request, answers));
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

    /** The first refusal, else the first success; with no broker at all, SERVICE_NOT_AVAILABLE. */
    private static RemotingCommand firstRefusal(
            RemotingCommand request, List<CompletableFuture<RemotingCommand>> answers) {
        List<RemotingCommand> responses = answers.stream().map(CompletableFuture::join).toList();
        return responses.stream()
                .filter(response -> response.code() != ResponseCode.SUCCESS)
                .findFirst()
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
