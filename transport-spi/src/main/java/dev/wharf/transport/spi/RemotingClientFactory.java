package dev.wharf.transport.spi;

/**
 * Makes clients by protocol. The gateway forwards with whatever this returns, so Local and Cluster
 * mode differ only in the protocol asked for.
 *
 * <pre>{@code
 * RemotingClientFactory clients = TransportRegistry.load(context);
 * RemotingClient forwarder = clients.createClient(
 *         localMode ? ProtocolType.LOCAL : ProtocolType.REMOTING, ClientOptions.defaults());
 * }</pre>
 */
@FunctionalInterface
public interface RemotingClientFactory {

    /**
     * @throws IllegalArgumentException when no transport provides {@code protocol}
     */
    RemotingClient createClient(ProtocolType protocol, ClientOptions options);
}
