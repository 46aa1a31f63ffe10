package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free ports on 127.0.0.1 for servers a test starts as child processes. */
final class FreePorts {

    private static final int BELOW_EPHEMERAL_FROM = 20_000;
    private static final int BELOW_EPHEMERAL_TO = 32_000;

    private FreePorts() {}

    static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port p with p - 2 and p + 1 free too: an Apache broker binds its VIP channel and HA port there (the HA
     * port on every address). Drawn below Linux's ephemeral range (32768 up), where a busy machine's outgoing
     * connections would otherwise take a neighbour between this check and the broker's bind.
     */
    static int forApacheBroker() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(BELOW_EPHEMERAL_FROM, BELOW_EPHEMERAL_TO);
            if (isFree(port - 2) && isFree(port) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port p with p-2 and p+1 free from " + BELOW_EPHEMERAL_FROM
                + " to " + BELOW_EPHEMERAL_TO);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
