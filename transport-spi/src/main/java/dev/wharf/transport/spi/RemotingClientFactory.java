package dev.wharf.transport.spi;

/**
 * Makes clients by protocol. The gateway forwards with whatever this returns, so Local and Cluster
 * mode differ only in the protocol asked for.
 *
 * <p>{@link ProtocolType#AUTO} negotiates: toward an address without a scheme ({@code host:port}, see
 * {@link PeerAddress}) the client opens each new connection with Wharf's handshake and uses the best wire
 * format both ends speak, falling back to plain Remoting with JSON headers when the peer (Apache RocketMQ)
 * does not understand; an address with a scheme ({@code remoting://host:port}) is taken as it says. A
 * negotiation that fails fails the call with a {@link NegotiationException}.
 *
 * <pre>{@code
 * RemotingClientFactory clients = TransportRegistry.load(context, loader);
 * RemotingClient forwarder = clients.createClient(
 *         localMode ? ProtocolType.LOCAL : ProtocolType.REMOTING, ClientOptions.defaults());
 *
 * RemotingClient brokers = clients.createClient(ProtocolType.AUTO, ClientOptions.defaults()
 *         .withNegotiation(NegotiationOptions.defaults().withTimeout(Duration.ofMillis(500))));
 * brokers.invoke("10.0.0.7:10911", send, timeout);          // negotiated, or plain Remoting for Apache
 * brokers.invoke("remoting://10.0.0.8:10911", send, timeout); // explicit: no handshake
 * }</pre>
 */
@FunctionalInterface
public interface RemotingClientFactory {

    /**
     * @throws IllegalArgumentException when no transport provides {@code protocol}
     */
    RemotingClient createClient(ProtocolType protocol, ClientOptions options);
}
