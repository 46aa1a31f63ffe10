package dev.wharf.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.broker.pop.PopConfig;
import dev.wharf.broker.timer.TimerConfig;
import dev.wharf.broker.transaction.TransactionConfig;
import dev.wharf.broker.transaction.TransactionConfig.Resolution;
import dev.wharf.store.FlushPolicy;
import dev.wharf.transport.spi.ProtocolType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigReaderTest {

    @Test
    void anEmptyDocumentIsACompleteLocalNode() {
        GatewayConfig config = GatewayConfigReader.parse("");

        assertThat(config).isEqualTo(GatewayConfig.defaults());
        assertThat(config.mode()).isEqualTo(Mode.LOCAL);
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("remoting", "0.0.0.0", 8080, List.of(ProtocolType.REMOTING)),
                new ListenerConfig("grpc", "0.0.0.0", 8081, List.of(ProtocolType.GRPC), Optional.of(TlsSettings.permissive())),
                new ListenerConfig("http", "0.0.0.0", 8082, List.of(ProtocolType.HTTP)),
                new ListenerConfig("websocket", "0.0.0.0", 8083, List.of(ProtocolType.WEBSOCKET)));
        assertThat(config.store().path()).isEqualTo(Path.of("./data"));
        assertThat(config.store().flush()).isEqualTo(FlushPolicy.ASYNC);
        assertThat(config.broker().autoCreateTopics()).isTrue();
        assertThat(config.broker().defaultQueueNums()).isEqualTo(4);
        assertThat(config.broker().delayLevels()).hasSize(18).startsWith(Duration.ofSeconds(1)).endsWith(Duration.ofHours(2));
    }

    @Test
    void keysLeftOutKeepTheirDefaults() {
        GatewayConfig config = GatewayConfigReader.parse("store:\n  flush: sync\n");

        assertThat(config.store()).isEqualTo(new StoreSettings(
                Path.of("./data"), FlushPolicy.SYNC, Duration.ofMillis(500), 256L << 20));
        assertThat(config.broker()).isEqualTo(BrokerSettings.defaults());
    }

    @Test
    void everyKeyBindsToItsValue() {
        GatewayConfig config = GatewayConfigReader.parse("""
                mode: local
                listeners:
                  - name: clients
                    host: 127.0.0.1
                    port: 0
                    protocols: [remoting]
                store:
                  path: /var/lib/wharf
                  flush: sync
                  flushInterval: 2s
                  segmentSize: 1GiB
                broker:
                  brokerName: broker-a
                  clusterName: east
                  advertisedAddress: mq.example.com:9876
                  autoCreateTopics: false
                  defaultQueueNums: 8
                  maxMessageSize: 512KiB
                  delayLevels: [1s, 250ms]
                  maxReconsumeTimes: 3
                  topicMessageTypeCheck: false
                  pop:
                    reviveInterval: 200ms
                    reviveReadBackoff: 1s 5s
                  timer:
                    maxDelay: 1d
                  transactions:
                    checkInterval: 2s
                    timeout: 1s
                    maxChecks: 4
                    onMaxChecks: commit
                threads:
                  io: 2
                  send: 3
                  pull: 5
                  ack: 4
                  client: 6
                  admin: 7
                  queueCapacity: 100
                """);

        assertThat(config).isEqualTo(new GatewayConfig(
                Mode.LOCAL,
                List.of(new ListenerConfig("clients", "127.0.0.1", 0, List.of(ProtocolType.REMOTING))),
                new StoreSettings(Path.of("/var/lib/wharf"), FlushPolicy.SYNC, Duration.ofSeconds(2), 1L << 30),
                new BrokerSettings("broker-a", "east", Optional.of("mq.example.com:9876"), false, 8, 512 << 10,
                        List.of(Duration.ofSeconds(1), Duration.ofMillis(250)), 3, false,
                        new PopConfig(Duration.ofMillis(200), List.of(Duration.ofSeconds(1), Duration.ofSeconds(5))),
                        new TimerConfig(Duration.ofDays(1)),
                        new TransactionConfig(Duration.ofSeconds(2), Duration.ofSeconds(1), 4, Resolution.COMMIT)),
                new ThreadSettings(2, 3, 5, 4, 6, 7, 100)));
    }

    @Test
    void clusterModeReadsItsNameServersAndCacheTimes() {
        GatewayConfig config = GatewayConfigReader.parse("""
                mode: cluster
                listeners:
                  - {name: front, port: 0, protocols: [remoting]}
                cluster:
                  nameServers: [10.0.0.5:9876, "ns2.example.com:9876"]
                  routeRefresh: 10s
                  routeExpiry: 2m
                  brokerTimeout: 45s
                  maxClientChannels: 500
                """);

        assertThat(config.mode()).isEqualTo(Mode.CLUSTER);
        assertThat(config.cluster()).isEqualTo(new ClusterSettings(List.of("10.0.0.5:9876", "ns2.example.com:9876"),
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(45), 500));
    }

    @Test
    void localModeRegistersItsBrokerWithTheNameServersItLists() {
        GatewayConfig config = GatewayConfigReader.parse("""
                broker: {brokerName: broker-b, clusterName: east, advertisedAddress: 203.0.113.7:8080}
                cluster:
                  nameServers: [10.0.0.5:9876, 10.0.0.6:9876]
                  register: true
                  registerInterval: 20s
                """);

        assertThat(config.mode()).isEqualTo(Mode.LOCAL);
        assertThat(config.cluster()).isEqualTo(ClusterSettings.defaults()
                .registeringWith(List.of("10.0.0.5:9876", "10.0.0.6:9876"), Duration.ofSeconds(20)));
    }

    @Test
    void aBrokerRegistersEveryThirtySecondsUnlessToldOtherwise() {
        GatewayConfig config = GatewayConfigReader.parse("cluster: {nameServers: [ns1:9876], register: true}\n");

        assertThat(config.cluster().register()).isTrue();
        assertThat(config.cluster().registerInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(GatewayConfigReader.parse("").cluster().register()).isFalse();
    }

    @Test
    void aRegisteredNodeForwardsToTheOtherBrokersUnlessToldToOmitThem() {
        ClusterSettings byDefault = GatewayConfigReader.parse("cluster: {nameServers: [ns1:9876], register: true}\n")
                .cluster();
        ClusterSettings omitting = GatewayConfigReader.parse(
                "cluster: {nameServers: [ns1:9876], register: true, otherBrokers: omit}\n").cluster();

        assertThat(byDefault.otherBrokers()).isEqualTo(OtherBrokers.FORWARD);
        assertThat(byDefault.forwardsToOtherBrokers()).isTrue();
        assertThat(omitting.otherBrokers()).isEqualTo(OtherBrokers.OMIT);
        assertThat(omitting.forwardsToOtherBrokers()).isFalse();
        assertThat(GatewayConfigReader.parse("").cluster().forwardsToOtherBrokers()).isFalse();
    }

    @Test
    void clusterModeServesEveryProtocolOnTheDefaultListenersAsLocalModeDoes() {
        GatewayConfig config = GatewayConfigReader.parse("mode: cluster\ncluster: {nameServers: [ns1:9876]}\n");
        GatewayConfig grpc = GatewayConfigReader.parse(
                "mode: cluster\ncluster: {nameServers: [ns1:9876]}\nlisteners: [{protocols: [remoting, grpc]}]\n");

        assertThat(config.listeners()).isEqualTo(GatewayConfig.defaults().listeners());
        assertThat(grpc.listeners().get(0).protocols()).containsExactly(ProtocolType.REMOTING, ProtocolType.GRPC);
    }

    @Test
    void delayLevelsMayBeOneStringAsInRocketMq() {
        GatewayConfig config = GatewayConfigReader.parse("broker:\n  delayLevels: 1s 1s  2m\n");

        assertThat(config.broker().delayLevels())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(2));
    }

    @Test
    void anUnlistedNameIsTheListenersProtocols() {
        GatewayConfig config = GatewayConfigReader.parse("listeners:\n  - port: 9000\n");

        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("remoting", "0.0.0.0", 9000, List.of(ProtocolType.REMOTING)));
    }

    @Test
    void aListenersOptionsReachItsTransportAsText() {
        GatewayConfig config = GatewayConfigReader.parse("""
                listeners:
                  - name: websocket
                    port: 8083
                    protocols: [websocket]
                    options:
                      tokens: [alpha, beta]
                      pingInterval: 15s
                      maxSubscriptions: 4
                """);

        assertThat(config.listeners().get(0).options())
                .containsExactlyInAnyOrderEntriesOf(Map.of("tokens", "alpha,beta", "pingInterval", "15s",
                        "maxSubscriptions", "4"));
    }

    @Test
    void optionsMayNotSetWhatTheTlsAndBrokerSectionsSet() {
        assertThatThrownBy(() -> GatewayConfigReader.parse(
                "listeners:\n  - protocols: [websocket]\n    options:\n      tls.mode: enforcing\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners[0].options.tls.mode");
        assertThatThrownBy(() -> GatewayConfigReader.parse(
                "listeners:\n  - protocols: [websocket]\n    options:\n      maxBodySize: 10\n"))
                .hasMessageContaining("listeners[0].options.maxBodySize").hasMessageContaining("broker");
        assertThatThrownBy(() -> GatewayConfigReader.parse(
                "listeners:\n  - protocols: [websocket]\n    options:\n      tokens: {a: b}\n"))
                .hasMessageContaining("listeners[0].options.tokens");
    }

    @Test
    void aTlsSectionBindsToTheListenersTlsSettings() {
        GatewayConfig config = GatewayConfigReader.parse("""
                listeners:
                  - name: grpc
                    port: 8081
                    protocols: [grpc]
                    tls:
                      mode: enforcing
                      certPath: conf/server.crt
                      keyPath: conf/server.key
                      keyPassword: s3cret
                  - name: plain
                    port: 9081
                    protocols: [grpc]
                    tls:
                      mode: disabled
                """);

        assertThat(config.listeners().get(0).tls()).contains(new TlsSettings(TlsSettings.Mode.ENFORCING,
                Optional.of(Path.of("conf/server.crt")), Optional.of(Path.of("conf/server.key")), Optional.of("s3cret")));
        assertThat(config.listeners().get(1).tls()).contains(new TlsSettings(
                TlsSettings.Mode.DISABLED, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void readsMutualTlsSniAndTheReloadInterval() {
        GatewayConfig config = GatewayConfigReader.parse("""
                listeners:
                  - protocols: [remoting]
                    tls:
                      mode: enforcing
                      certPath: server.crt
                      keyPath: server.key
                      clientAuth: optional
                      caPath: clients-ca.crt
                      sni:
                        - host: api.example.com
                          certPath: api.crt
                          keyPath: api.key
                        - host: "*.example.org"
                          certPath: org.crt
                          keyPath: org.key
                          keyPassword: pw
                      reloadInterval: 30s
                      provider: jdk
                """);

        TlsSettings tls = config.listeners().get(0).tls().orElseThrow();
        assertThat(tls.clientAuth()).isEqualTo(TlsSettings.ClientAuth.OPTIONAL);
        assertThat(tls.caPath()).contains(Path.of("clients-ca.crt"));
        assertThat(tls.sni()).containsExactly(
                new TlsSettings.SniCertificate("api.example.com", Path.of("api.crt"), Path.of("api.key"), Optional.empty()),
                new TlsSettings.SniCertificate("*.example.org", Path.of("org.crt"), Path.of("org.key"), Optional.of("pw")));
        assertThat(tls.reloadInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(tls.provider()).isEqualTo(TlsSettings.Provider.JDK);
    }

    @Test
    void aListenerWithSeveralProtocolsOrProxyHeadersIsAUnifiedPort() {
        GatewayConfig config = GatewayConfigReader.parse("""
                listeners:
                  - {port: 9000, protocols: [remoting, grpc, http, websocket], proxyProtocol: true}
                  - {port: 9001, protocols: [remoting]}
                """);

        ListenerConfig unified = config.listeners().get(0);
        assertThat(unified.name()).isEqualTo("remoting+grpc+http+websocket");
        assertThat(unified.proxyProtocol()).isTrue();
        assertThat(unified.unified()).isTrue();
        assertThat(config.listeners().get(1).proxyProtocol()).isFalse();
        assertThat(config.listeners().get(1).unified()).isFalse();
        assertThatThrownBy(() -> GatewayConfigReader.parse("listeners:\n  - {proxyProtocol: yes please}\n"))
                .hasMessageStartingWith("listeners[0].proxyProtocol: must be true or false");
    }

    @Test
    void anEmptyTlsSectionIsPermissiveWithADevelopmentCertificate() {
        GatewayConfig config = GatewayConfigReader.parse("listeners:\n  - {protocols: [grpc], tls: {}}\n");

        assertThat(config.listeners().get(0).tls()).contains(TlsSettings.permissive());
    }

    @Test
    void thePluginFolderIsReadAndDefaultsToPluginsInTheWorkingDirectory() {
        assertThat(GatewayConfigReader.parse("plugins:\n  path: /opt/wharf/plugins\n").plugins().path())
                .isEqualTo(Path.of("/opt/wharf/plugins"));
        assertThat(GatewayConfigReader.parse("").plugins()).isEqualTo(PluginSettings.defaults());
        assertThatThrownBy(() -> GatewayConfigReader.parse("plugins:\n  dir: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("plugins.dir: unknown key; known keys: path");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            listeners:\\n  - prot: 1     | listeners[0].prot: unknown key; known keys: host, name, options, port, protocols, proxyProtocol, tls
            listeners:\\n  - tls: {cert: a.crt} | listeners[0].tls.cert: unknown key; known keys: caPath, certPath, clientAuth, keyPassword, keyPath, mode, provider, reloadInterval, sni
            prot: 1                      | prot: unknown key; known keys: broker, cluster, listeners, mode, plugins, store, threads
            store:\\n  flsh: sync         | store.flsh: unknown key; known keys: flush, flushInterval, path, segmentSize
            threads:\\n  workers: 2       | threads.workers: unknown key; known keys: ack, admin, client, io, pull, queueCapacity, send
            broker:\\n  timer:\\n    max: 1s | broker.timer.max: unknown key; known keys: maxDelay
            """)
    void anUnknownKeyFailsWithItsPathAndTheKnownKeys(String yaml, String message) {
        assertThatThrownBy(() -> GatewayConfigReader.parse(yaml.translateEscapes()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            store:\\n  flush: fast                    | store.flush: must be one of async, sync; got 'fast'
            listeners:\\n  - port: 70000              | listeners[0].port: must be a whole number from 0 to 65535; got '70000'
            listeners:\\n  - port: http               | listeners[0].port: must be a whole number from 0 to 65535; got 'http'
            broker:\\n  autoCreateTopics: maybe       | broker.autoCreateTopics: must be true or false; got 'maybe'
            broker:\\n  defaultQueueNums: 0           | broker.defaultQueueNums: must be a whole number from 1 to 1024; got '0'
            threads:\\n  ack: 0                        | threads.ack: must be a whole number from 1 to 1024; got '0'
            store:\\n  segmentSize: 16MB              | store.segmentSize: must be a size such as 512B, 64KiB, 16MiB or 1GiB; got '16MB'
            store:\\n  segmentSize: 1KiB              | store.segmentSize: must be from 65536B to 1073741824B; got '1KiB'
            broker:\\n  maxMessageSize: 32MiB         | broker.maxMessageSize: must be from 1B to 16777216B; got '32MiB'
            store:\\n  flushInterval: 500             | store.flushInterval: must be a duration such as 500ms, 30s, 5m, 2h or 1d; got '500'
            store:\\n  flushInterval: 0s              | store.flushInterval: must be more than zero; got '0s'
            broker:\\n  delayLevels: [1s, 5s, soon]   | broker.delayLevels[2]: must be a duration such as 500ms, 30s, 5m, 2h or 1d; got 'soon'
            broker:\\n  delayLevels: []               | broker.delayLevels: must name at least one duration; got []
            broker:\\n  advertisedAddress: myhost     | broker.advertisedAddress: must be host:port with a port from 1 to 65535; got 'myhost'
            broker:\\n  brokerName: ' '              | broker.brokerName: must not be blank; got ' '
            listeners:\\n  - protocols: []            | listeners[0].protocols: must not be empty; got []
            listeners:\\n  - protocols: [remoting, remoting] | listeners[0].protocols[1]: repeats 'remoting'; got 'remoting'
            listeners: []                            | listeners: needs at least one listener
            listeners:\\n  - 8080                     | listeners[0]: must be a mapping of keys to values; got '8080'
            store: ./data                            | store: must be a mapping of keys to values; got './data'
            store:\\n  path:                          | store.path: needs a value; leave the key out to use the default
            mode: standalone                         | mode: must be local or cluster; got 'standalone'
            mode: cluster                            | cluster.nameServers: is required in cluster mode: the host:port of at least one NameServer
            mode: cluster\\ncluster: {nameServers: []} | cluster.nameServers: must not be empty; got []
            mode: cluster\\ncluster: {nameServers: [ns1]} | cluster.nameServers[0]: an address is [scheme://]host:port, got 'ns1'
            mode: cluster\\ncluster: {nameServers: ['remoting+tls://ns1:9876']} | cluster.nameServers[0]: must be host:port without a scheme: the gateway negotiates the protocol with each NameServer and broker; got 'remoting+tls://ns1:9876'
            cluster: {nameServers: [ns1:9876]}       | cluster.nameServers: is only read in local mode to register the embedded broker; add register: true, set mode: cluster, or remove it
            cluster: {register: true}                | cluster.nameServers: is required with register: true: the host:port of each NameServer to register with
            mode: cluster\\ncluster: {nameServers: [ns1:9876], register: true} | cluster.register: is only read in local mode: a cluster-mode gateway has no broker of its own to register; remove it, or set mode: local
            cluster: {nameServers: [ns1:9876], register: true, otherBrokers: hide} | cluster.otherBrokers: must be one of forward, omit; got 'hide'
            cluster: {otherBrokers: omit}            | cluster.otherBrokers: is only read in local mode with register: true, where the node is one broker of a cluster; add register: true or remove it
            mode: cluster\\ncluster: {nameServers: [ns1:9876], otherBrokers: forward} | cluster.otherBrokers: is only read in local mode with register: true, where the node is one broker of a cluster; add register: true or remove it
            cluster: {nameServers: [ns1:9876], register: true, registerInterval: 2m} | cluster.registerInterval: must be above 0 and at most 60s, or NameServers would drop the broker between two registrations; got 120000ms
            cluster: {nameServers: [ns1:9876], register: true}\\nlisteners: [{protocols: [grpc]}] | listeners[0].protocols: must include remoting when cluster.register is true and broker.advertisedAddress is not set: the broker registers the address of the first listener, where RocketMQ clients and Proxies reach it over Remoting
            mode: cluster\\ncluster: {nameServers: [ns1:9876], routeRefresh: 5m, routeExpiry: 1m} | cluster.routeExpiry: must be longer than routeRefresh, or routes would expire before they are refreshed
            mode: cluster\\ncluster: {nameServers: [ns1:9876], ttl: 1m} | cluster.ttl: unknown key; known keys: brokerTimeout, maxClientChannels, nameServers, otherBrokers, register, registerInterval, routeExpiry, routeRefresh
            listeners:\\n  - tls: enforcing         | listeners[0].tls: must be a mapping of keys to values; got 'enforcing'
            listeners:\\n  - tls: {mode: strict}    | listeners[0].tls.mode: must be one of disabled, permissive, enforcing; got 'strict'
            listeners:\\n  - tls: {certPath: a.crt} | listeners[0].tls.keyPath: must be set with certPath
            listeners:\\n  - tls: {keyPath: a.key}  | listeners[0].tls.certPath: must be set with keyPath
            listeners:\\n  - tls: {keyPassword: pw} | listeners[0].tls.keyPassword: is set without keyPath
            listeners:\\n  - tls: {mode: disabled, certPath: a.crt, keyPath: a.key} | listeners[0].tls.certPath: has no use with mode disabled; remove it, or choose permissive or enforcing
            listeners:\\n  - tls: {clientAuth: always} | listeners[0].tls.clientAuth: must be one of none, optional, require; got 'always'
            listeners:\\n  - tls: {clientAuth: require} | listeners[0].tls.caPath: must name the CAs that sign client certificates when clientAuth is require
            listeners:\\n  - tls: {caPath: ca.crt}    | listeners[0].tls.caPath: has no use unless clientAuth is optional or require
            listeners:\\n  - tls: {mode: disabled, clientAuth: optional, caPath: ca.crt} | listeners[0].tls.clientAuth: has no use with mode disabled; remove it, or choose permissive or enforcing
            listeners:\\n  - tls: {reloadInterval: 0s} | listeners[0].tls.reloadInterval: must be more than zero; got '0s'
            listeners:\\n  - tls: {sni: api.example.com} | listeners[0].tls.sni: must be a list of mappings; got 'api.example.com'
            listeners:\\n  - tls: {sni: [{host: API.example.com, certPath: a.crt, keyPath: a.key}]} | listeners[0].tls.sni[0].host: must be a lower-case host name such as api.example.com, or *.example.com for any one label under it; got 'API.example.com'
            listeners:\\n  - tls: {sni: [{host: a.example.com, keyPath: a.key}]} | listeners[0].tls.sni[0].certPath: is required: the PEM certificate chain served for a.example.com
            listeners:\\n  - tls: {sni: [{host: a.example.com, certPath: a.crt, keyPath: a.key, pass: x}]} | listeners[0].tls.sni[0].pass: unknown key; known keys: certPath, host, keyPassword, keyPath
            listeners:\\n  - tls: {sni: [{host: a.b, certPath: a.crt, keyPath: a.key}, {host: a.b, certPath: b.crt, keyPath: b.key}]} | listeners[0].tls.sni[1].host: is already the host of listeners[0].tls.sni[0].host; got 'a.b'
            """)
    void aBadValueFailsWithItsPathAndWhatIsAllowed(String yaml, String message) {
        assertThatThrownBy(() -> GatewayConfigReader.parse(yaml.translateEscapes()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void twoListenersMayNotShareANameOrAPort() {
        assertThatThrownBy(() -> GatewayConfigReader.parse("""
                listeners:
                  - port: 8080
                  - port: 9090
                """))
                .hasMessage("listeners[1].name: is already the name of listeners[0].name; give each listener "
                        + "its own name; got 'remoting'");
        assertThatThrownBy(() -> GatewayConfigReader.parse("""
                listeners:
                  - {name: a, port: 8080}
                  - {name: b, port: 8080}
                """))
                .hasMessage("listeners[1].port: is already taken by listeners[0].port on 0.0.0.0; got '8080'");
    }

    @Test
    void listenersOnPortZeroNeverClash() {
        GatewayConfig config = GatewayConfigReader.parse("""
                listeners:
                  - {name: a, port: 0}
                  - {name: b, port: 0}
                """);

        assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(0, 0);
    }

    @Test
    void aDocumentThatIsNotYamlOrNotAMappingIsRejected() {
        assertThatThrownBy(() -> GatewayConfigReader.parse("store: [unclosed"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not valid YAML: ");
        assertThatThrownBy(() -> GatewayConfigReader.parse("store: {}\nstore: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not valid YAML: ")
                .hasMessageContaining("duplicate key store");
        assertThatThrownBy(() -> GatewayConfigReader.parse("- a\n- b\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the configuration must be a YAML mapping of keys to values");
    }

    @Test
    void aMissingFileIsNamedInTheError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> GatewayConfigReader.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no configuration file at " + missing.toAbsolutePath());
    }
}
