package dev.wharf.gateway.local;

import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address written into every stored record and into offset message ids. A client that looks a
 * message up by such an id connects there, so it must be an address clients can reach: the advertised
 * address when one is configured, else the first listener's, with a wildcard bind replaced by this
 * machine's site-local IPv4 address. A broker registered with NameServers is registered at the same kind of
 * address ({@link #registeredAddress}), taken from the listener as bound.
 */
final class StoreHost {

    private static final Logger log = LoggerFactory.getLogger(StoreHost.class);

    private StoreHost() {}

    static InetSocketAddress of(GatewayConfig config) {
        Optional<String> advertised = config.broker().advertisedAddress();
        if (advertised.isPresent()) {
            String address = advertised.get();
            int colon = address.lastIndexOf(':');
            InetSocketAddress resolved = new InetSocketAddress(
                    address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
            if (!resolved.isUnresolved()) {
                return resolved;
            }
            log.warn("broker.advertisedAddress {} does not resolve here; message ids carry the listener's address",
                    address);
        }
        ListenerConfig first = config.listeners().get(0);
        return new InetSocketAddress(reachableHost(first.host()), first.port());
    }

    /**
     * The {@code host:port} a NameServer is told this broker is at: the advertised address when one is
     * configured, else {@code listener}'s bound address, a wildcard bind replaced as for message ids.
     */
    static String registeredAddress(GatewayConfig config, BoundListener listener) {
        return config.broker().advertisedAddress()
                .orElseGet(() -> reachableHost(listener.host()).getHostAddress() + ":" + listener.port());
    }

    /** {@code host} resolved, or this machine's site-local address for a wildcard or unresolvable one. */
    private static InetAddress reachableHost(String host) {
        InetSocketAddress bound = new InetSocketAddress(host, 0);
        return bound.isUnresolved() || bound.getAddress().isAnyLocalAddress() ? siteLocalAddress() : bound.getAddress();
    }

    /** The first up, non-loopback IPv4 site-local address, else loopback. */
    private static InetAddress siteLocalAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return address;
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list: loopback is the one address certain to exist.
        }
        return InetAddress.getLoopbackAddress();
    }
}
