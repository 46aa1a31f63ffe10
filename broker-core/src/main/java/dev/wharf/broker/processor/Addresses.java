package dev.wharf.broker.processor;

import dev.wharf.transport.spi.Connection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How addresses appear in RocketMQ bodies and records. */
final class Addresses {

    private static final InetSocketAddress UNKNOWN_HOST = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private Addresses() {}

    /** {@code host:port}, RocketMQ's address notation (IPv6 hosts without brackets, split at the last colon). */
    static String hostPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /**
     * The producer address a stored record carries: the connection's remote address, or the loopback
     * address for a caller without one (an in-process sender), since a record needs real IP bytes.
     */
    static InetSocketAddress bornHost(Connection connection) {
        if (connection.remoteAddress() instanceof InetSocketAddress inet && !inet.isUnresolved()) {
            return inet;
        }
        return UNKNOWN_HOST;
    }
}
