package dev.wharf.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connect}: connection set-up latency. Each round opens a new connection, completes TLS when asked,
 * sends one Remoting request (GET_BROKER_CLUSTER_INFO unless told otherwise, JSON header) and reads its answer, then closes: so the
 * time covers TCP, the TLS handshake, the gateway's protocol detection and one request. Connections are
 * sequential, one at a time.
 *
 * <p>Every TLS handshake is a full one: each connection gets a client context of its own, made before its
 * clock starts, so no session is resumed ({@code --resume} measures resumed handshakes instead). A connection
 * during which this client's JVM collected garbage measures the client, not the server: it is counted and left
 * out of the percentiles. The CPU time this client's thread spent on each connection (its half of a TLS
 * handshake, mostly) is reported beside, to show how much of the set-up is the client's own.
 *
 * <p>With {@code --versus} the connections alternate between the two addresses one by one, warm-up included,
 * so both see the same machine: two runs one after the other on a shared two-core host differ by more than
 * the ports do.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Open connections one after another (TCP, optional TLS, one Remoting request) and print the "
                + "set-up latency percentiles.")
public final class ConnectCommand implements Callable<Integer> {

    /** GET_ROUTEINFO_BY_TOPIC, which takes the topic as a field. */
    private static final int ROUTE_INFO = 105;

    @Option(names = "--address", required = true, description = "A Remoting (or unified) listener, host:port.")
    String address;

    @Option(names = "--versus",
            description = "A second listener: connections alternate between both, and each one's percentiles print.")
    String versus;

    @Option(names = "--tls", negatable = true, defaultValue = "false",
            description = "TLS before the request, any certificate accepted (default ${DEFAULT-VALUE}).")
    boolean tls;

    @Option(names = "--connections", defaultValue = "2000", description = "Measured connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--warmup", defaultValue = "3000",
            description = "Unmeasured connections first, for the JIT of both ends (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--code", defaultValue = "106",
            description = "The request's code (default ${DEFAULT-VALUE}, GET_BROKER_CLUSTER_INFO; 105 is GET_ROUTEINFO_BY_TOPIC "
                    + "for the topic TBW102, what a client asks first).")
    int code;

    @Option(names = "--resume", defaultValue = "false",
            description = "Share one client TLS context, so handshakes after the first resume a session.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        List<SetupSamples> sides = new ArrayList<>();
        sides.add(new SetupSamples(address));
        if (versus != null) {
            sides.add(new SetupSamples(versus));
        }
        List<InetSocketAddress> targets = sides.stream().map(side -> socketAddress(side.address())).toList();
        SecureRandom random = new SecureRandom();
        SSLContext shared = tls && resume ? trustAll(random) : null;
        byte[] request = frame(code);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = (warmUp + connections) * sides.size();
        for (int i = 0; i < rounds; i++) {
            int side = i % sides.size();
            SSLContext context = !tls ? null : resume ? shared : trustAll(random);
            long collections = collections();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            exchange(targets.get(side), context, request);
            long end = System.nanoTime();
            long cpuEnd = threads.getCurrentThreadCpuTime();
            if (i >= warmUp * sides.size()) {
                sides.get(side).record(start, end, cpuStart, cpuEnd, collections() != collections);
            }
        }
        String handshake = !tls ? "" : resume ? " (tls, resumed)" : " (tls, full handshakes)";
        sides.forEach(side -> printLine(side, handshake));
        System.out.println(json(sides).toString());
        return 0;
    }

    private void printLine(SetupSamples side, String handshake) {
        LatencySummary summary = side.latency();
        LatencySummary cpu = side.clientCpu();
        System.out.printf("connect %s%s: %d connections (%d during a client GC, left out), set-up p50 %.3f ms, "
                        + "p99 %.3f ms, p999 %.3f ms, max %.3f ms; this client's CPU per connection p50 %.3f ms, p99 %.3f ms%n",
                side.address(), handshake, connections, side.duringClientGc(), millis(summary.p50Micros()),
                millis(summary.p99Micros()), millis(summary.p999Micros()), millis(summary.maxMicros()),
                millis(cpu.p50Micros()), millis(cpu.p99Micros()));
    }

    /** The first address's figures as {@code p99Ms} and the like, the second's (if any) as {@code versusP99Ms}. */
    private JsonLine json(List<SetupSamples> sides) {
        JsonLine line = new JsonLine().put("command", "connect").put("tls", tls).put("resume", resume)
                .put("connections", connections);
        for (int i = 0; i < sides.size(); i++) {
            SetupSamples side = sides.get(i);
            LatencySummary summary = side.latency();
            LatencySummary cpu = side.clientCpu();
            String prefix = i == 0 ? "" : "versus";
            line.put(key(prefix, "address"), side.address())
                    .put(key(prefix, "duringClientGc"), side.duringClientGc())
                    .put(key(prefix, "p50Ms"), millis(summary.p50Micros()))
                    .put(key(prefix, "p99Ms"), millis(summary.p99Micros()))
                    .put(key(prefix, "p999Ms"), millis(summary.p999Micros()))
                    .put(key(prefix, "clientCpuP50Ms"), millis(cpu.p50Micros()))
                    .put(key(prefix, "clientCpuP99Ms"), millis(cpu.p99Micros()));
        }
        return line;
    }

    /** {@code name}, or {@code prefix} followed by it capitalised. */
    private static String key(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Collections of this JVM so far, all collectors. */
    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(collector.getCollectionCount(), 0);
        }
        return total;
    }

    private static void exchange(InetSocketAddress target, SSLContext context, byte[] request) throws Exception {
        try (Socket plain = new Socket()) {
            plain.setTcpNoDelay(true);
            plain.connect(target, 5_000);
            plain.setSoTimeout(5_000);
            Socket socket = plain;
            if (context != null) {
                SSLSocket secure = (SSLSocket) context.getSocketFactory()
                        .createSocket(plain, target.getHostString(), target.getPort(), true);
                secure.startHandshake();
                socket = secure;
            }
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(request);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            in.readFully(new byte[length]);
        }
    }

    /** One Remoting request frame: total length, header length (JSON serialisation), JSON header, no body. */
    private static byte[] frame(int code) {
        String fields = code == ROUTE_INFO ? ",\"extFields\":{\"topic\":\"TBW102\"}" : "";
        byte[] header = ("{\"code\":" + code + fields + ",\"flag\":0,\"language\":\"JAVA\",\"opaque\":1,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + header.length);
        frame.putInt(4 + header.length).putInt(header.length).put(header);
        return frame.array();
    }

    private static SSLContext trustAll(SecureRandom random) throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, random);
        return context;
    }
}
