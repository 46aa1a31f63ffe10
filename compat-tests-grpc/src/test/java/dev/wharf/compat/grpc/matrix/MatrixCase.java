package dev.wharf.compat.grpc.matrix;

import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.TlsMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One cell of the transport matrix: a client protocol on a dedicated or a unified listener in a TLS mode, the client
 * connecting with TLS or in the clear. The listener serves the client exactly when its mode serves the client's kind
 * of connection.
 *
 * @param protocol what the client speaks
 * @param port the protocol's own listener, or the one carrying every protocol
 * @param mode the listener's {@code tls.mode}
 * @param tls whether the client connects with TLS
 */
record MatrixCase(ClientProtocol protocol, Port port, TlsMode mode, boolean tls) {

    /** The gateway's protocols, in the order a unified listener carries them. */
    private static final List<String> GATEWAY_PROTOCOLS = List.of("remoting", "grpc", "http", "websocket");

    /** Where the client connects. */
    enum Port {
        /** A listener carrying the client's protocol alone. */
        DEDICATED,
        /** One listener carrying every protocol, told apart by the first bytes. */
        UNIFIED
    }

    /** Whether the listener serves this client; if not, it must refuse it before a processor sees a request. */
    boolean served() {
        return mode.serves(tls);
    }

    /** The name of the listener this case connects to in {@link #layout()}. */
    String listener() {
        return listenerName(port == Port.DEDICATED ? protocol.gatewayProtocol() : "unified", mode);
    }

    /**
     * Every case, the refused ones first: they check that nothing reached a processor by the gateway's request
     * counters, which consumers of earlier cases (polls the broker answers after they left) would still move.
     */
    static List<MatrixCase> all() {
        List<MatrixCase> cases = new ArrayList<>();
        for (ClientProtocol protocol : ClientProtocol.values()) {
            for (Port port : Port.values()) {
                for (TlsMode mode : TlsMode.values()) {
                    cases.add(new MatrixCase(protocol, port, mode, false));
                    cases.add(new MatrixCase(protocol, port, mode, true));
                }
            }
        }
        cases.sort(Comparator.comparing(MatrixCase::served));
        return cases;
    }

    /**
     * The gateway's listeners for every case: per TLS mode, one listener per protocol and one unified listener. Admin
     * requests and metrics reads go to the first that serves plaintext, {@code remoting-disabled} and
     * {@code http-disabled}.
     */
    static List<ListenerSpec> layout() {
        List<ListenerSpec> listeners = new ArrayList<>();
        for (TlsMode mode : TlsMode.values()) {
            for (String protocol : GATEWAY_PROTOCOLS) {
                listeners.add(ListenerSpec.withTls(listenerName(protocol, mode), mode, protocol));
            }
            listeners.add(ListenerSpec.withTls(listenerName("unified", mode), mode,
                    GATEWAY_PROTOCOLS.toArray(String[]::new)));
        }
        return listeners;
    }

    private static String listenerName(String prefix, TlsMode mode) {
        return prefix + "-" + mode.yaml();
    }

    /** {@code grpc · unified · enforcing · tls}. */
    @Override
    public String toString() {
        return String.join(" · ", protocol.label(), port.name().toLowerCase(Locale.ROOT), mode.yaml(),
                tls ? "tls" : "plaintext");
    }
}
