package dev.wharf.gateway.local;

import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The broker client of a Local-mode node that is one broker of a cluster: a command addressed to this node's own
 * broker, at the address it registered with the NameServers, goes to the embedded broker in-process with the
 * client's {@link RequestContext} kept (so the broker sees the real connection, as in plain Local mode); every
 * other command, to a NameServer or another broker, goes over the network. The embedded broker is never reached
 * through this node's own listener.
 *
 * <p>The registered address is known once the first listener is bound ({@link #ownBrokerAt}); until then every
 * address is another's.
 *
 * <pre>{@code
 * ClusterNodeClient client = new ClusterNodeClient(localClient, "broker", autoClient);
 * ClusterRequests requests = ClusterRequests.create(client, config.cluster());
 * client.ownBrokerAt("10.0.0.7:8080");
 * }</pre>
 */
final class ClusterNodeClient implements RemotingClient {

    private final RemotingClient inProcess;
    private final String brokerEndpoint;
    private final RemotingClient network;
    private volatile String ownAddress;

    /**
     * @param inProcess the {@link dev.wharf.transport.spi.ProtocolType#LOCAL} client the embedded broker is reached with
     * @param brokerEndpoint the in-process address the embedded broker is bound at
     * @param network the client toward NameServers and the other brokers
     */
    ClusterNodeClient(RemotingClient inProcess, String brokerEndpoint, RemotingClient network) {
        this.inProcess = Objects.requireNonNull(inProcess, "inProcess");
        this.brokerEndpoint = Objects.requireNonNull(brokerEndpoint, "brokerEndpoint");
        this.network = Objects.requireNonNull(network, "network");
    }

    /** From now on, commands to {@code address} go to the embedded broker. */
    void ownBrokerAt(String address) {
        this.ownAddress = Objects.requireNonNull(address, "address");
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        return isOwn(address)
                ? inProcess.invoke(brokerEndpoint, request, timeout)
                : network.invoke(address, request, timeout);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(
            RequestContext origin, String address, RemotingCommand request, Duration timeout) {
        return isOwn(address)
                ? inProcess.invoke(origin, brokerEndpoint, request, timeout)
                : network.invoke(origin, address, request, timeout);
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return isOwn(address)
                ? inProcess.invokeOneway(brokerEndpoint, request)
                : network.invokeOneway(address, request);
    }

    /** Requests from the other brokers to clients; the embedded broker reaches its clients' connections itself. */
    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        network.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        network.registerDefaultProcessor(processor, executor);
    }

    /** Closes both clients. */
    @Override
    public void close() {
        try {
            network.close();
        } finally {
            inProcess.close();
        }
    }

    private boolean isOwn(String address) {
        return address.equals(ownAddress);
    }
}
