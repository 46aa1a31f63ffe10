package dev.wharf.compat.support.v5;

import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A RocketMQ cluster for Cluster-mode gateways to front: an Apache RocketMQ 5.x NameServer and two brokers, of
 * one of two {@link Kind kinds} (Apache's brokers, or Wharf brokers standalone registered with the Apache
 * NameServer), each a child process on 127.0.0.1, with an {@link #admin() admin client} that creates topics and
 * groups on every broker and counts what each stored. Both kinds check unresolved transactions every second.
 *
 * <p>Tests that leave the brokers running share one backend of each kind per test JVM
 * ({@link SharedClusterBackend}); a test that kills a broker {@link #start(Kind, String) starts} its own.
 *
 * <pre>{@code
 * try (ClusterBackend backend = ClusterBackend.start(Kind.WHARF_BROKERS, "MyTest");
 *         GatewayProcess gateway = backend.launchGateway(List.of(ListenerSpec.plaintext("remoting", "remoting")),
 *                 "MyTest-gateway")) {
 *     backend.admin().createTopic(topic, "FIFO", 4);
 *     backend.killBroker(backend.brokerNames().get(1));
 * }
 * }</pre>
 */
public final class ClusterBackend implements AutoCloseable {

    /** Which brokers stand behind the Apache NameServer. */
    public enum Kind {
        /** Apache RocketMQ's own: {@code broker-a} and {@code broker-b}. */
        APACHE_BROKERS,
        /**
         * Wharf brokers standalone (Local-mode gateway processes with {@code cluster.register}): {@code wharf-a}
         * and {@code wharf-b}.
         */
        WHARF_BROKERS
    }

    private static final int BROKERS = 2;
    /** Wharf brokers check transactions as often as {@link ApacheRocketMqCluster}'s brokers do. */
    private static final ServerSettings WHARF_BROKER_SETTINGS = ServerSettings.defaults()
            .withTransactionChecks(Duration.ofSeconds(1), Duration.ofSeconds(1));

    private final Kind kind;
    private final Path work;
    private final String label;
    private final ApacheRocketMqCluster apache;
    /** The Wharf brokers by name; empty for Apache's. */
    private final Map<String, GatewayProcess> wharfBrokers = new LinkedHashMap<>();
    private ApacheClusterAdmin admin;

    private ClusterBackend(Kind kind, Path work, String label) {
        this.kind = kind;
        this.work = work;
        this.label = label;
        apache = ApacheRocketMqCluster.start(work.resolve("apache"), label,
                kind == Kind.APACHE_BROKERS ? BROKERS : 0);
    }

    /**
     * Starts a backend of {@code kind} under {@code target/cluster-backends/}; returns once every broker
     * registered with the NameServer. What started is stopped again when a later start fails.
     *
     * @param label names the processes' output files
     */
    public static ClusterBackend start(Kind kind, String label) {
        Path work = Path.of("target", "cluster-backends", label + "-" + System.nanoTime()).toAbsolutePath();
        ClusterBackend backend = new ClusterBackend(kind, work, label);
        try {
            backend.startWharfBrokers();
            backend.admin = ApacheClusterAdmin.of(backend.nameServerAddress(), backend.brokerAddresses());
            return backend;
        } catch (Exception e) {
            backend.close();
            throw new IllegalStateException("the " + kind + " backend did not start", e);
        }
    }

    private void startWharfBrokers() {
        if (kind != Kind.WHARF_BROKERS) {
            return;
        }
        for (int i = 0; i < BROKERS; i++) {
            String name = "wharf-" + (char) ('a' + i);
            wharfBrokers.put(name, GatewayProcess.launchRegistered(WHARF_BROKER_SETTINGS, name,
                    List.of(apache.nameServerAddress()), "forward",
                    List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve(name).resolve("data"),
                    label + "-" + name));
        }
    }

    public Kind kind() {
        return kind;
    }

    public String nameServerAddress() {
        return apache.nameServerAddress();
    }

    /** Broker name to {@code host:port}, killed brokers included. */
    public Map<String, String> brokerAddresses() {
        if (kind == Kind.APACHE_BROKERS) {
            return apache.brokerAddresses();
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        wharfBrokers.forEach((name, broker) -> addresses.put(name, broker.brokerAddress()));
        return addresses;
    }

    /** The brokers' names in alphabetical order ({@code broker-a, broker-b} or {@code wharf-a, wharf-b}). */
    public List<String> brokerNames() {
        return brokerAddresses().keySet().stream().sorted().toList();
    }

    /** Topics, groups and stored counts on every broker. */
    public ApacheClusterAdmin admin() {
        return admin;
    }

    /** A Cluster-mode gateway with {@code listeners} in front of this backend; the caller closes it. */
    public GatewayProcess launchGateway(List<ListenerSpec> listeners, String label) {
        return GatewayProcess.launchInCluster(List.of(nameServerAddress()), listeners,
                work.resolve("gateways").resolve(label).resolve("work"), label);
    }

    /** An Apache RocketMQ Proxy in cluster mode in front of these brokers; returns its gRPC endpoint. */
    public String startProxy() {
        return apache.startProxy();
    }

    /** Kills the broker named {@code brokerName} (SIGKILL): it stops answering at once, as a crashed one. */
    public void killBroker(String brokerName) {
        if (kind == Kind.APACHE_BROKERS) {
            apache.killBroker(brokerName);
            return;
        }
        wharfBroker(brokerName).kill();
    }

    /**
     * Starts the broker named {@code brokerName} again after a {@link #killBroker(String) kill}, on its port and
     * store; returns once it is up. It registers with the NameServer a moment later.
     */
    public void restartBroker(String brokerName) {
        if (kind == Kind.APACHE_BROKERS) {
            apache.restartBroker(brokerName);
            return;
        }
        wharfBrokers.put(brokerName, wharfBroker(brokerName).restart(label + "-" + brokerName + "-restarted"));
    }

    private GatewayProcess wharfBroker(String brokerName) {
        GatewayProcess broker = wharfBrokers.get(brokerName);
        if (broker == null) {
            throw new IllegalArgumentException("no broker named " + brokerName + "; brokers: " + wharfBrokers.keySet());
        }
        return broker;
    }

    /**
     * Stops the admin client and kills (SIGKILL) the brokers and the NameServer: nobody reads their stores again, and
     * an Apache broker's orderly shutdown takes tens of seconds on a loaded machine.
     */
    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        wharfBrokers.values().forEach(GatewayProcess::kill);
        apache.kill();
    }

    @Override
    public String toString() {
        return kind + " backend " + brokerAddresses() + " behind NameServer " + nameServerAddress();
    }
}
