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
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Open connections one after another (TCP, optional TLS, one Remoting request) and print the "
                + "set-up latency percentiles.")
public final class ConnectCommand implements Callable<Integer> {

    /** GET_ROUTEINFO_BY_TOPIC, which takes the topic as a field. */
    private static final int ROUTE_INFO = 105;

    @Option(names = "--address", required = true, description = "A Remoting (or unified) listener, host:port.")
    String address;

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
        String[] hostPort = address.split(":");
        InetSocketAddress target = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        SecureRandom random = new SecureRandom();
        SSLContext shared = tls && resume ? trustAll(random) : null;
        byte[] request = frame(code);
        LatencyRecorder latency = new LatencyRecorder();
        LatencyRecorder clientCpu = new LatencyRecorder();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int duringClientGc = 0;
        for (int i = 0; i < warmUp + connections; i++) {
            SSLContext context = !tls ? null : resume ? shared : trustAll(random);
            long collections = collections();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            exchange(target, context, request);
            long end = System.nanoTime();
            long cpuEnd = threads.getCurrentThreadCpuTime();
            if (i < warmUp) {
                continue;
            }
            if (collections() != collections) {
                duringClientGc++;
            } else {
                latency.recordNanos(start, end);
                clientCpu.recordNanos(cpuStart, cpuEnd);
            }
        }
        LatencySummary summary = latency.summary();
        LatencySummary cpu = clientCpu.summary();
        String handshake = !tls ? "" : resume ? " (tls, resumed)" : " (tls, full handshakes)";
        System.out.printf("connect %s%s: %d connections (%d during a client GC, left out), set-up p50 %.3f ms, "
                        + "p99 %.3f ms, p999 %.3f ms, max %.3f ms; this client's CPU per connection p50 %.3f ms, p99 %.3f ms%n",
                address, handshake, connections, duringClientGc, summary.p50Micros() / 1000.0,
                summary.p99Micros() / 1000.0, summary.p999Micros() / 1000.0, summary.maxMicros() / 1000.0,
                cpu.p50Micros() / 1000.0, cpu.p99Micros() / 1000.0);
        System.out.println(new JsonLine().put("command", "connect").put("tls", tls).put("resume", resume)
                .put("connections", connections).put("duringClientGc", duringClientGc)
                .put("p50Ms", summary.p50Micros() / 1000.0).put("p99Ms", summary.p99Micros() / 1000.0)
                .put("p999Ms", summary.p999Micros() / 1000.0).put("clientCpuP50Ms", cpu.p50Micros() / 1000.0)
                .put("clientCpuP99Ms", cpu.p99Micros() / 1000.0));
        return 0;
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
