package dev.wharf.gateway.local;

import dev.wharf.gateway.cluster.ClusterRequests;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The processor of every listener of a Local-mode node that forwards to the cluster's other brokers. Its own
 * broker gets:
 * <ul>
 *   <li>what another Wharf node forwarded here ({@link ClusterNodeClient#forwardedByNode});
 *   <li>a Remoting command that names no broker, routes, heartbeats and unregistrations aside. The node is
 *       registered with the NameServers as its broker, so a client that found this address there (Apache
 *       RocketMQ's Proxy, which names no broker to the brokers behind it, or a client older than 4.9.5) means
 *       that broker and the queues it picked are that broker's: a receipt the client builds from a POP names
 *       that broker, whichever broker popped.
 * </ul>
 * Everything else is served for the whole cluster, as in Cluster mode: commands naming their broker, and what
 * the node's other protocols translate (an HTTP or WebSocket receive names no broker and means any).
 *
 * <pre>{@code
 * server.registerDefaultProcessor(new ClusterNodeRequests(localForwarder, clusterRequests), Runnable::run);
 * }</pre>
 */
final class ClusterNodeRequests implements RequestProcessor {

    /** What the node answers for the whole cluster: it is the NameServer of its clients and relays heartbeats. */
    private static final Set<Integer> NODE_ROLES =
            Set.of(RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT);

    private final RequestProcessor ownBroker;
    private final RequestProcessor wholeCluster;

    ClusterNodeRequests(RequestProcessor ownBroker, RequestProcessor wholeCluster) {
        this.ownBroker = Objects.requireNonNull(ownBroker, "ownBroker");
        this.wholeCluster = Objects.requireNonNull(wholeCluster, "wholeCluster");
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return forOwnBroker(context, request)
                ? ownBroker.process(context, request)
                : wholeCluster.process(context, request);
    }

    private static boolean forOwnBroker(RequestContext context, RemotingCommand request) {
        if (ClusterNodeClient.forwardedByNode(request)) {
            return true;
        }
        return ProtocolType.REMOTING.equals(context.connection().protocol())
                && !NODE_ROLES.contains(request.code())
                && !ClusterRequests.namesItsBroker(request);
    }
}
