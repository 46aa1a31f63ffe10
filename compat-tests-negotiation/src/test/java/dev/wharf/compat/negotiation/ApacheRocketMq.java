package dev.wharf.compat.negotiation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Apache RocketMQ NameServer and one broker, each a child JVM started from the jars that the module
 * {@code compat-tests-negotiation/apache-rocketmq} copies from Maven Central, on free 127.0.0.1 ports, with
 * their store and logs under {@code target/apache-rocketmq}. {@link #close()} stops both.
 */
final class ApacheRocketMq implements AutoCloseable {

    /** System property naming the folder of the NameServer's and broker's jars. */
    static final String LIB_DIR_PROPERTY = "wharf.apacheLibDir";

    private static final Duration BOOT_LIMIT = Duration.ofSeconds(60);
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
            // RocketMQ's store reaches into NIO internals, as its own start scripts allow.
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED");

    private final List<Process> processes = new ArrayList<>();
    private final String nameServerAddress;
    private final String brokerAddress;

    private ApacheRocketMq(Path home) throws IOException, InterruptedException {
        int nameServerPort = freePort();
        // The broker also binds listenPort - 2 (its VIP channel) and listenPort + 1 (HA).
        int brokerPort = freePortWithNeighbours();
        nameServerAddress = "127.0.0.1:" + nameServerPort;
        brokerAddress = "127.0.0.1:" + brokerPort;
        Path store = home.resolve("store");
        Path namesrvConf = Files.writeString(home.resolve("namesrv.conf"),
                "listenPort=" + nameServerPort + "\nbindAddress=127.0.0.1\n");
        Path brokerConf = Files.writeString(home.resolve("broker.conf"), String.join("\n",
                "brokerClusterName=NegotiationCluster",
                "brokerName=broker-a",
                "brokerId=0",
                "brokerIP1=127.0.0.1",
                "bindAddress=127.0.0.1",
                "namesrvAddr=" + nameServerAddress,
                "listenPort=" + brokerPort,
                "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"),
                "mappedFileSizeCommitLog=" + (16 << 20),
                "autoCreateTopicEnable=true",
                "autoCreateSubscriptionGroup=true",
                "flushDiskType=ASYNC_FLUSH",
                "brokerRole=ASYNC_MASTER",
                ""));
        start(home, "namesrv", "org.apache.rocketmq.namesrv.NamesrvStartup", namesrvConf, "The Name Server boot success");
        start(home, "broker", "org.apache.rocketmq.broker.BrokerStartup", brokerConf, "boot success");
    }

    /** Starts both in {@code home}, a fresh folder; returns once both said they booted. */
    static ApacheRocketMq start(Path home) {
        try {
            Files.createDirectories(home);
            return new ApacheRocketMq(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Apache RocketMQ started", e);
        }
    }

    String nameServerAddress() {
        return nameServerAddress;
    }

    String brokerAddress() {
        return brokerAddress;
    }

    private void start(Path home, String name, String mainClass, Path config, String ready)
            throws IOException, InterruptedException {
        String libDir = System.getProperty(LIB_DIR_PROPERTY);
        if (libDir == null || !Files.isDirectory(Path.of(libDir))) {
            throw new IllegalStateException(LIB_DIR_PROPERTY + " names no folder (" + libDir
                    + "); build with -am so that compat-tests-negotiation/apache-rocketmq copies the jars");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        // RocketMQ logs under ${user.home}/logs: keep that in the test's folder.
        command.addAll(List.of("-Duser.home=" + home, "-cp", Path.of(libDir, "*").toString(), mainClass,
                "-c", config.toString()));
        Path log = home.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ROCKETMQ_HOME", home.toString());
        Process process = builder.start();
        processes.add(process);
        awaitLine(process, log, ready);
    }

    private void awaitLine(Process process, Path log, String ready) throws IOException, InterruptedException {
        Instant limit = Instant.now().plus(BOOT_LIMIT);
        while (!Files.readString(log).contains(ready)) {
            if (!process.isAlive() || Instant.now().isAfter(limit)) {
                close();
                throw new IllegalStateException("no '" + ready + "' in " + log + " within " + BOOT_LIMIT
                        + (process.isAlive() ? "" : " (the process exited)") + ":\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Stops the broker, then the NameServer: TERM, then KILL after 15 s. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freePortWithNeighbours() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port > 1026 && port < 65_535 && isFree(port - 2) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port p with p-2 and p+1 free on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
