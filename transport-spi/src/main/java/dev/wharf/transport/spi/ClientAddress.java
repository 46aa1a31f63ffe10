package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;

/**
 * The address of the client behind a channel. Usually the socket's peer; on a port that reads PROXY
 * protocol headers (a load balancer in front), the client address the header carries, which is what
 * connections, logs and metrics should name.
 *
 * <pre>{@code
 * ClientAddress.set(channel, new InetSocketAddress(header.sourceAddress(), header.sourcePort()));
 * SocketAddress client = ClientAddress.of(channel);   // the header's address from now on
 * }</pre>
 */
public final class ClientAddress {

    private static final AttributeKey<SocketAddress> KEY = AttributeKey.valueOf(ClientAddress.class, "client");

    private ClientAddress() {}

    /** The address set for {@code channel}, else its socket's remote address. */
    public static SocketAddress of(Channel channel) {
        SocketAddress proxied = channel.attr(KEY).get();
        return proxied != null ? proxied : channel.remoteAddress();
    }

    /** Records that the client of {@code channel} is at {@code address}, as a trusted proxy said. */
    public static void set(Channel channel, SocketAddress address) {
        channel.attr(KEY).set(address);
    }
}
