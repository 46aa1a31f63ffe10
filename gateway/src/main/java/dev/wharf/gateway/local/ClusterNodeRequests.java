package dev.wharf.gateway.local;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The processor of every listener of a Local-mode node that forwards to the cluster's other brokers: a command
 * another Wharf node forwarded here ({@link ClusterNodeClient#forwardedByNode}) is for this node's broker and goes
 * straight to it; a client's command is served for the whole cluster, as in Cluster mode.
 *
 * <pre>{@code
 * server.registerDefaultProcessor(new ClusterNodeRequests(localForwarder, clusterRequests), Runnable::run);
 * }</pre>
 */
final class ClusterNodeRequests implements RequestProcessor {

    private final RequestProcessor ownBroker;
    private final RequestProcessor wholeCluster;

    ClusterNodeRequests(RequestProcessor ownBroker, RequestProcessor wholeCluster) {
        this.ownBroker = Objects.requireNonNull(ownBroker, "ownBroker");
        this.wholeCluster = Objects.requireNonNull(wholeCluster, "wholeCluster");
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return ClusterNodeClient.forwardedByNode(request)
                ? ownBroker.process(context, request)
                : wholeCluster.process(context, request);
    }
}
