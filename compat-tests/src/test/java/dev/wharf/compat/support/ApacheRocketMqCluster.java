package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * An Apache RocketMQ cluster: one NameServer, any number of master brokers ({@code broker-a},
 * {@code broker-b}...) and, on demand, Proxies in cluster mode ({@link #startProxy()}), each a child JVM started
 * from a folder of Apache RocketMQ's jars (namesrv, broker and proxy with their dependencies, copied from Maven
 * Central by {@code compat-tests-negotiation/apache-rocketmq}), on free 127.0.0.1 ports, with stores,
 * configuration and RocketMQ's own logs under {@code home} and each process's output in
 * {@code target/gateway-logs}. {@link #close()} stops every process. With no broker it is a NameServer for
 * other brokers (Wharf's) to register with.
 *
 * <p>A broker says it booted before its first registration with the NameServer; callers that need routes wait
 * for them (a topic named after each broker exists once it registered).
 *
 * <pre>{@code
 * try (ApacheRocketMqCluster cluster = ApacheRocketMqCluster.start(libDir, home, "MyTest", 2)) {
 *     producer.setNamesrvAddr(cluster.nameServerAddress());
 *     cluster.brokerAddresses(); // {broker-a=127.0.0.1:40123, broker-b=127.0.0.1:40456}
 *     String grpcEndpoint = cluster.startProxy();   // 127.0.0.1:40789, for the gRPC SDK
 * }
 * }</pre>
 */
public final class ApacheRocketMqCluster implements AutoCloseable {

    public static final String CLUSTER_NAME = "DefaultCluster";

    private static final Pattern NAMESRV_READY = Pattern.compile("The Name Server boot success");
    private static final String BROKER_MAIN = "org.apache.rocketmq.broker.BrokerStartup";
    private static final Pattern BROKER_READY = Pattern.compile("boot success");
    private static final Pattern PROXY_READY = Pattern.compile("rocketmq-proxy startup successfully");
    /** The system property the test modules' poms set to the folder of Apache RocketMQ's jars. */
    public static final String LIB_DIR_PROPERTY = "wharf.apacheLibDir";
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
            // RocketMQ's store reaches into NIO internals, as its own start scripts allow.
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED");

    private final List<ChildProcess> processes = new ArrayList<>();
    private final Map<String, ChildProcess> brokers = new LinkedHashMap<>();
    private final Map<String, String> brokerAddresses = new LinkedHashMap<>();
    private int proxies;
    private final String nameServerAddress;
    private final Path libDir;
    private final Path home;
    private final String label;

    private ApacheRocketMqCluster(Path libDir, Path home, String label, int brokerCount) throws IOException {
        this.libDir = libDir;
        this.home = home;
        this.label = label;
        nameServerAddress = "127.0.0.1:" + FreePorts.any();
        try {
            startAll(libDir, home, label, brokerCount);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll(Path libDir, Path home, String label, int brokerCount) throws IOException {
        Path namesrvConf = Files.writeString(home.resolve("namesrv.conf"),
                "listenPort=" + nameServerAddress.substring(nameServerAddress.indexOf(':') + 1)
                        + "\nbindAddress=127.0.0.1\n");
        processes.add(startJvm(libDir, label + "-namesrv", "org.apache.rocketmq.namesrv.NamesrvStartup",
                List.of("-c", namesrvConf.toString()), home, NAMESRV_READY));
        // The brokers boot side by side: each takes many seconds on a loaded machine, mostly waiting.
        Map<String, CompletableFuture<ChildProcess>> starting = new LinkedHashMap<>();
        for (int i = 0; i < brokerCount; i++) {
            String name = "broker-" + (char) ('a' + i);
            int port = FreePorts.forApacheBroker();
            Path store = home.resolve(name);
            Path conf = Files.writeString(home.resolve(name + ".conf"), String.join("\n",
                    "brokerClusterName=" + CLUSTER_NAME,
                    "brokerName=" + name,
                    "brokerId=0",
                    "brokerIP1=127.0.0.1",
                    "bindAddress=127.0.0.1",
                    "namesrvAddr=" + nameServerAddress,
                    "listenPort=" + port,
                    "storePathRootDir=" + store,
                    "storePathCommitLog=" + store.resolve("commitlog"),
                    "mappedFileSizeCommitLog=" + (16 << 20),
                    "autoCreateTopicEnable=true",
                    "autoCreateSubscriptionGroup=true",
                    "flushDiskType=ASYNC_FLUSH",
                    "brokerRole=ASYNC_MASTER",
                    // Half messages older than a second are checked every second (30 s by default), so tests of
                    // transaction check-backs finish in seconds.
                    "transactionTimeOut=1000",
                    "transactionCheckInterval=1000",
                    ""));
            starting.put(name, CompletableFuture.supplyAsync(() -> startJvm(libDir, label + "-" + name, BROKER_MAIN,
                    List.of("-c", conf.toString()), home, BROKER_READY)));
            brokerAddresses.put(name, "127.0.0.1:" + port);
        }
        awaitBrokers(starting);
    }

    /** Records every broker that booted, so that {@link #close()} stops it, then throws the first failure. */
    private void awaitBrokers(Map<String, CompletableFuture<ChildProcess>> starting) {
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<ChildProcess>> broker : starting.entrySet()) {
            try {
                ChildProcess process = broker.getValue().join();
                processes.add(process);
                brokers.put(broker.getKey(), process);
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = new IllegalStateException(broker.getKey() + " did not start", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** As {@link #start(Path, Path, String, int)}, with the jars of the folder {@value #LIB_DIR_PROPERTY} names. */
    public static ApacheRocketMqCluster start(Path home, String label, int brokerCount) {
        String libDir = System.getProperty(LIB_DIR_PROPERTY);
        if (libDir == null) {
            throw new IllegalStateException(LIB_DIR_PROPERTY + " is not set; the module's pom sets it for surefire");
        }
        return start(Path.of(libDir), home, label, brokerCount);
    }

    /**
     * Starts the NameServer, then {@code brokerCount} brokers registering with it; returns once each said it
     * booted. What started is stopped again when a later start fails.
     *
     * @param libDir the folder of Apache RocketMQ's namesrv and broker jars and their dependencies
     * @param home a folder for configuration, stores and RocketMQ's logs; created if need be
     * @param label names the processes' output files
     */
    public static ApacheRocketMqCluster start(Path libDir, Path home, String label, int brokerCount) {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("no Apache RocketMQ jars in " + libDir
                    + "; build with -am so that compat-tests-negotiation/apache-rocketmq copies them");
        }
        try {
            Files.createDirectories(home);
            return new ApacheRocketMqCluster(libDir, home.toAbsolutePath(), label, brokerCount);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String nameServerAddress() {
        return nameServerAddress;
    }

    /** Broker name to {@code host:port}, in start order. */
    public Map<String, String> brokerAddresses() {
        return Map.copyOf(brokerAddresses);
    }

    /**
     * Starts an Apache RocketMQ Proxy in cluster mode in front of the brokers registered with this cluster's
     * NameServer (Apache's or Wharf's), and returns its gRPC endpoint once it said it started. {@link #close()}
     * stops it first.
     */
    public String startProxy() {
        int number = proxies++;
        String name = label + "-proxy-" + number;
        int grpcPort = FreePorts.any();
        try {
            Path conf = Files.writeString(home.resolve("rmq-proxy-" + number + ".json"), """
                    {
                      "rocketMQClusterName": "%s",
                      "namesrvAddr": "%s",
                      "proxyMode": "cluster",
                      "grpcServerPort": %d,
                      "remotingListenPort": %d
                    }
                    """.formatted(CLUSTER_NAME, nameServerAddress, grpcPort, FreePorts.any()));
            processes.add(startJvm(libDir, name, "org.apache.rocketmq.proxy.ProxyStartup",
                    List.of("-pm", "cluster", "-pc", conf.toString()), home, PROXY_READY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "127.0.0.1:" + grpcPort;
    }

    /** Kills the broker named {@code brokerName} (SIGKILL): it stops answering at once, as a crashed one. */
    public void killBroker(String brokerName) {
        broker(brokerName).kill();
    }

    /**
     * Starts the broker named {@code brokerName} again after a kill, with its configuration, port and store; returns
     * once it said it booted (it registers with the NameServer a moment later).
     */
    public void restartBroker(String brokerName) {
        if (broker(brokerName).isAlive()) {
            throw new IllegalStateException(brokerName + " is still running; kill it first");
        }
        ChildProcess broker = startJvm(libDir, label + "-" + brokerName + "-restarted",
                BROKER_MAIN, List.of("-c", home.resolve(brokerName + ".conf").toString()), home, BROKER_READY);
        processes.add(broker);
        brokers.put(brokerName, broker);
    }

    private ChildProcess broker(String brokerName) {
        ChildProcess broker = brokers.get(brokerName);
        if (broker == null) {
            throw new IllegalArgumentException("no broker named " + brokerName + "; brokers: " + brokers.keySet());
        }
        return broker;
    }

    /** Stops the brokers, then the NameServer. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            ChildProcess process = processes.get(i);
            if (process.isAlive()) {
                process.stop();
            }
        }
    }

    /**
     * Kills every process (SIGKILL), the newest first: for a cluster whose stores nobody reads again, far quicker
     * than {@link #close()}, since an Apache broker's orderly shutdown takes tens of seconds on a loaded machine.
     */
    public void kill() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            ChildProcess process = processes.get(i);
            if (process.isAlive()) {
                process.kill();
            }
        }
    }

    /**
     * Starts one of Apache RocketMQ's programs from {@code libDir} in {@code home}, its logs (RocketMQ writes
     * them under {@code ${user.home}/logs}) in {@code home}, and returns once a line matched {@code ready}.
     */
    static ChildProcess startJvm(Path libDir, String name, String mainClass, List<String> arguments, Path home,
            Pattern ready) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-Duser.home=" + home.resolve(name + "-home"), "-cp",
                libDir.resolve("*").toString(), mainClass));
        command.addAll(arguments);
        return ChildProcess.start(name, command, Map.of("ROCKETMQ_HOME", home.toString()), home,
                        OutputFiles.newLogFile(name), List.of(ready))
                .process();
    }
}
