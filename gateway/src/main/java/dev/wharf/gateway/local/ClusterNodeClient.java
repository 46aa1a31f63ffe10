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
 * <p>What goes over the network carries {@link #FROM_NODE}: another Wharf node that forwards too serves such a
 * command with its own broker ({@link ClusterNodeRequests}) instead of forwarding it again, so that two nodes never
 * pass a heartbeat or a topic change back and forth. Apache RocketMQ's brokers and NameServers ignore the field.
 *
 * <p>The registered address is known once the first listener is bound ({@link #ownBrokerAt}); until then every
 * address is another's. It closes neither client: whoever made them does.
 *
 * <pre>{@code
 * ClusterNodeClient client = new ClusterNodeClient(localClient, "broker", autoClient, "broker-a");
 * ClusterRequests requests = ClusterRequests.create(client, config.cluster());
 * client.ownBrokerAt("10.0.0.7:8080");
 * }</pre>
 */
final class ClusterNodeClient implements RemotingClient {

    /** The header field that marks a command forwarded by a Wharf node; its value is that node's broker name. */
    static final String FROM_NODE = "wharfFromNode";

    private final RemotingClient inProcess;
    private final String brokerEndpoint;
    private final RemotingClient network;
    private final String brokerName;
    private volatile String ownAddress;

    /**
     * @param inProcess the {@link dev.wharf.transport.spi.ProtocolType#LOCAL} client that reaches the embedded broker
     * @param brokerEndpoint the in-process address the embedded broker is bound at
     * @param network the client toward NameServers and the other brokers
     * @param brokerName this node's broker name, which marks what it sends over the network
     */
    ClusterNodeClient(RemotingClient inProcess, String brokerEndpoint, RemotingClient network, String brokerName) {
        this.inProcess = Objects.requireNonNull(inProcess, "inProcess");
        this.brokerEndpoint = Objects.requireNonNull(brokerEndpoint, "brokerEndpoint");
        this.network = Objects.requireNonNull(network, "network");
        this.brokerName = Objects.requireNonNull(brokerName, "brokerName");
    }

    /** Whether another Wharf node forwarded {@code request}, which is then for this node's own broker. */
    static boolean forwardedByNode(RemotingCommand request) {
        return request.extField(FROM_NODE) != null;
    }

    /** From now on, commands to {@code address} go to the embedded broker. */
    void ownBrokerAt(String address) {
        this.ownAddress = Objects.requireNonNull(address, "address");
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        return isOwn(address)
                ? inProcess.invoke(brokerEndpoint, request, timeout)
                : network.invoke(address, marked(request), timeout);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(
            RequestContext origin, String address, RemotingCommand request, Duration timeout) {
        return isOwn(address)
                ? inProcess.invoke(origin, brokerEndpoint, request, timeout)
                : network.invoke(origin, address, marked(request), timeout);
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return isOwn(address)
                ? inProcess.invokeOneway(brokerEndpoint, request)
                : network.invokeOneway(address, marked(request));
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

    /** Nothing of its own to close. */
    @Override
    public void close() {
    }

    private RemotingCommand marked(RemotingCommand request) {
        return request.toBuilder().extField(FROM_NODE, brokerName).build();
    }

    private boolean isOwn(String address) {
        return address.equals(ownAddress);
    }
}
