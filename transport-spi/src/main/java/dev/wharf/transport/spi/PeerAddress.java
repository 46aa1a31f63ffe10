package dev.wharf.transport.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a client connects, and with which protocol: the one place address strings are read.
 *
 * <p>An address is {@code host:port} (IPv6 as {@code [::1]:9876} or bare {@code ::1:9876}), optionally
 * preceded by a scheme that names the protocol, with {@code +tls} for TLS: {@code remoting://},
 * {@code remoting+tls://}, {@code grpc://}, {@code grpc+tls://}, or any plugin protocol's name. An address
 * without a scheme has the protocol {@link ProtocolType#AUTO}: a client created for {@code AUTO}
 * negotiates with such a peer; a scheme skips the negotiation.
 *
 * <pre>{@code
 * PeerAddress broker = PeerAddress.parse("remoting+tls://broker-a:10911");
 * broker.protocol();    // ProtocolType.REMOTING
 * broker.tls();         // true
 * broker.hostAndPort(); // "broker-a:10911"
 * PeerAddress.parse("127.0.0.1:9876").negotiates(); // true
 * }</pre>
 *
 * @param protocol the protocol the scheme names; {@link ProtocolType#AUTO} when there is no scheme
 * @param tls whether the scheme asks for TLS
 * @param host the host name or address, IPv6 without brackets
 * @param port the port, 1..65535
 */
public record PeerAddress(ProtocolType protocol, boolean tls, String host, int port) {

    private static final String SCHEME_END = "://";
    private static final String TLS_SUFFIX = "+tls";

    public PeerAddress {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 1..65535, got " + port);
        }
    }

    /**
     * Reads {@code [scheme[+tls]://]host:port}.
     *
     * @throws IllegalArgumentException naming the address and what is wrong with it
     */
    public static PeerAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        int schemeEnd = address.indexOf(SCHEME_END);
        ProtocolType protocol = ProtocolType.AUTO;
        boolean tls = false;
        String rest = address;
        if (schemeEnd >= 0) {
            String scheme = address.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            tls = scheme.endsWith(TLS_SUFFIX);
            String name = tls ? scheme.substring(0, scheme.length() - TLS_SUFFIX.length()) : scheme;
            if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
                throw new IllegalArgumentException("bad scheme '" + scheme + "' in the address '" + address
                        + "'; expected a protocol name such as remoting, remoting+tls or grpc");
            }
            protocol = ProtocolType.of(name);
            if (protocol.equals(ProtocolType.AUTO)) {
                throw new IllegalArgumentException("the address '" + address
                        + "' names the protocol auto; leave the scheme out to negotiate");
            }
            rest = address.substring(schemeEnd + SCHEME_END.length());
        }
        return hostAndPort(address, protocol, tls, rest);
    }

    private static PeerAddress hostAndPort(String address, ProtocolType protocol, boolean tls, String rest) {
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an address is [scheme://]host:port, got '" + address + "'");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an address is [scheme://]host:port, got '" + address + "'", e);
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("an address is [scheme://]host:port with a port in 1..65535, got '"
                    + address + "'");
        }
        return new PeerAddress(protocol, tls, host, port);
    }

    /** Whether the address leaves the protocol to a negotiation: it has no scheme. */
    public boolean negotiates() {
        return protocol.equals(ProtocolType.AUTO);
    }

    /** {@code host:port}, with brackets around an IPv6 host; the key a client keeps per-peer state under. */
    public String hostAndPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The address as {@link #parse} reads it back. */
    @Override
    public String toString() {
        return negotiates() ? hostAndPort() : protocol.name() + (tls ? TLS_SUFFIX : "") + SCHEME_END + hostAndPort();
    }
}
