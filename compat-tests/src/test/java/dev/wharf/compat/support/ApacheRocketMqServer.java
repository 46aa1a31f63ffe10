package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * Apache RocketMQ 5.x (a NameServer, and one broker inside its gRPC proxy in Local mode, from the jars the
 * {@code apache-rocketmq} Maven profile copies) started with the same {@link ServerSettings}. Running the suite
 * against it shows that a test failing against Wharf fails because of Wharf, not because of the test.
 */
public final class ApacheRocketMqServer implements MessagingServer {

    /** System property with the directory of the NameServer, broker and proxy jars and their dependencies. */
    public static final String LIB_DIR_PROPERTY = "wharf.compat.apacheLibDir";

    private static final String BROKER_NAME = "broker-a";
    private static final Pattern NAMESRV_READY = Pattern.compile("The Name Server boot success");
    private static final Pattern PROXY_READY = Pattern.compile("rocketmq-proxy startup successfully");
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms256m", "-Xmx512m",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");

    private final ChildProcess nameServer;
    private final ChildProcess broker;
    private final String nameServerAddress;
    private final String brokerAddress;
    private final String grpcEndpoint;

    private ApacheRocketMqServer(ChildProcess nameServer, ChildProcess broker, String nameServerAddress,
            String brokerAddress, String grpcEndpoint) {
        this.nameServer = nameServer;
        this.broker = broker;
        this.nameServerAddress = nameServerAddress;
        this.brokerAddress = brokerAddress;
        this.grpcEndpoint = grpcEndpoint;
    }

    /**
     * Starts a NameServer, and a broker whose store is {@code dataDir} in a proxy serving gRPC; again on the same
     * directory is a restart.
     */
    public static ApacheRocketMqServer launch(ServerSettings settings, Path dataDir, String label) {
        Path home = dataDir.resolveSibling("rocketmq-home");
        Path userHome = OutputFiles.directory().resolve(label + "-home");
        int nameServerPort = FreePorts.any();
        // The broker also binds listenPort - 2 (fast channel) and listenPort + 1 (HA).
        int brokerPort = FreePorts.forApacheBroker();
        int grpcPort = FreePorts.any();
        String nameServerAddress = "127.0.0.1:" + nameServerPort;
        try {
            Files.createDirectories(home.resolve("conf"));
            Path namesrvConf = Files.writeString(home.resolve("namesrv.conf"),
                    "listenPort=" + nameServerPort + "\nbindAddress=127.0.0.1\n");
            Path brokerConf = Files.writeString(home.resolve("broker.conf"),
                    brokerConfig(settings, dataDir, nameServerAddress, brokerPort));
            Path proxyConf = Files.writeString(home.resolve("rmq-proxy.json"),
                    proxyConfig(nameServerAddress, grpcPort, FreePorts.any()));
            ChildProcess nameServer = start(label + "-namesrv", "org.apache.rocketmq.namesrv.NamesrvStartup",
                    List.of("-c", namesrvConf.toString()), home, userHome, NAMESRV_READY);
            ChildProcess broker;
            try {
                // Local mode: the broker runs inside the proxy's process, as Wharf's gRPC listener runs in the gateway.
                broker = start(label + "-broker", "org.apache.rocketmq.proxy.ProxyStartup",
                        List.of("-pm", "local", "-bc", brokerConf.toString(), "-pc", proxyConf.toString()), home,
                        userHome, PROXY_READY);
            } catch (RuntimeException e) {
                nameServer.kill();
                throw e;
            }
            ApacheRocketMqServer server = new ApacheRocketMqServer(nameServer, broker, nameServerAddress,
                    "127.0.0.1:" + brokerPort, "127.0.0.1:" + grpcPort);
            server.awaitBrokerRegistered();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The broker says "boot success" before its first registration with the NameServer has happened;
     * until then no topic has a route. Every broker registers a topic named after itself.
     */
    private void awaitBrokerRegistered() {
        DefaultMQProducer probe = new DefaultMQProducer(Names.unique("PID_probe"));
        probe.setNamesrvAddr(nameServerAddress);
        probe.setInstanceName(Names.unique("probe"));
        try {
            probe.start();
            Waits.atMostBound("broker " + BROKER_NAME + " registered with the NameServer")
                    .ignoreExceptions()
                    .until(() -> !probe.fetchPublishMessageQueues(BROKER_NAME).isEmpty());
        } catch (MQClientException | RuntimeException e) {
            stop();
            throw new IllegalStateException("Apache RocketMQ did not become ready", e);
        } finally {
            probe.shutdown();
        }
    }

    private static String brokerConfig(ServerSettings settings, Path dataDir, String nameServerAddress, int port) {
        Path store = dataDir.toAbsolutePath();
        return String.join("\n",
                "brokerClusterName=DefaultCluster",
                "brokerName=" + BROKER_NAME,
                "brokerId=0",
                "namesrvAddr=" + nameServerAddress,
                "brokerIP1=127.0.0.1",
                "bindAddress=127.0.0.1",
                "listenPort=" + port,
                "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"),
                "mappedFileSizeCommitLog=" + (16 << 20),
                "autoCreateTopicEnable=" + settings.autoCreateTopics(),
                "defaultTopicQueueNums=" + settings.defaultQueueNums(),
                "flushDiskType=" + (settings.syncFlush() ? "SYNC_FLUSH" : "ASYNC_FLUSH"),
                "messageDelayLevel=" + settings.delayLevelLine(),
                "transactionCheckInterval=" + settings.transactionChecks().interval().toMillis(),
                "transactionTimeOut=" + settings.transactionChecks().timeout().toMillis(),
                "transactionCheckMax=" + settings.transactionChecks().maxChecks(),
                "");
    }

    /** The proxy's gRPC port, and its Remoting port (unused here, but bound) away from the default 8080. */
    private static String proxyConfig(String nameServerAddress, int grpcPort, int remotingPort) {
        return """
                {
                  "rocketMQClusterName": "DefaultCluster",
                  "namesrvAddr": "%s",
                  "proxyMode": "local",
                  "grpcServerPort": %d,
                  "remotingListenPort": %d
                }
                """.formatted(nameServerAddress, grpcPort, remotingPort);
    }

    private static ChildProcess start(String name, String mainClass, List<String> arguments, Path home,
            Path userHome, Pattern ready) {
        String libDir = System.getProperty(LIB_DIR_PROPERTY);
        if (libDir == null) {
            throw new IllegalStateException(LIB_DIR_PROPERTY + " is not set; run with -Papache-rocketmq");
        }
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(JVM_OPTIONS);
        // RocketMQ writes its own logs under ${user.home}/logs; keep them under target/ with the output.
        command.addAll(List.of("-Duser.home=" + userHome, "-cp", Path.of(libDir, "*").toString(), mainClass));
        command.addAll(arguments);
        return ChildProcess.start(name, command, Map.of("ROCKETMQ_HOME", home.toString()), home,
                        OutputFiles.newLogFile(name), List.of(ready))
                .process();
    }

    @Override
    public String nameServerAddress() {
        return nameServerAddress;
    }

    @Override
    public String brokerAddress() {
        return brokerAddress;
    }

    @Override
    public String grpcEndpoint() {
        return grpcEndpoint;
    }

    @Override
    public void stop() {
        try {
            broker.stop();
        } finally {
            nameServer.stop();
        }
    }

    @Override
    public void kill() {
        try {
            broker.kill();
        } finally {
            nameServer.kill();
        }
    }

    @Override
    public void close() {
        if (broker.isAlive() || nameServer.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "Apache RocketMQ with NameServer at " + nameServerAddress + " and gRPC at " + grpcEndpoint;
    }
}
