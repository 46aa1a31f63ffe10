package dev.wharf.gateway.local;

/**
 * A listener that is accepting connections, with the port it really got.
 *
 * @param name the listener's configured name
 * @param protocols the protocols it serves, joined with {@code +}
 * @param host the configured bind address
 * @param port the bound port; the real one when the configuration said 0
 */
public record BoundListener(String name, String protocols, String host, int port) {

    /** {@code host:port}, as a client's {@code namesrvAddr} would name it. */
    public String address() {
        return host + ":" + port;
    }

    /** {@code remoting on 0.0.0.0:8080}: the start-up line's form, which scripts and tests parse. */
    public String describe() {
        return protocols + " on " + address();
    }
}
