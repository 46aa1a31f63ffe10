package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.PoolSizes;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.store.FlushPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerConfigTest {

    private static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 9999);

    @Test
    void everyBrokerKeyOfTheConfigurationReachesTheBroker() {
        GatewayConfig config = GatewayConfigReader.parse("""
                store:
                  path: /srv/wharf
                  flush: sync
                  flushInterval: 2s
                  segmentSize: 1MiB
                broker:
                  brokerName: broker-b
                  clusterName: east
                  advertisedAddress: 10.1.2.3:8080
                  autoCreateTopics: false
                  defaultQueueNums: 2
                  maxMessageSize: 64KiB
                  delayLevels: 1s 2s
                  maxReconsumeTimes: 3
                threads:
                  send: 5
                  pull: 6
                  ack: 2
                  client: 7
                  admin: 3
                  queueCapacity: 99
                """);

        BrokerConfig broker = EmbeddedBrokerConfig.from(config, STORE_HOST);

        assertThat(broker.brokerName()).isEqualTo("broker-b");
        assertThat(broker.clusterName()).isEqualTo("east");
        assertThat(broker.advertisedAddress()).contains("10.1.2.3:8080");
        assertThat(broker.autoCreateTopics()).isFalse();
        assertThat(broker.defaultQueueNums()).isEqualTo(2);
        assertThat(broker.maxMessageBytes()).isEqualTo(64 * 1024);
        assertThat(broker.delayLevels()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(broker.maxReconsumeTimes()).isEqualTo(3);
        assertThat(broker.pools()).isEqualTo(new PoolSizes(5, 6, 2, 7, 3, 99));
        assertThat(broker.store().path()).isEqualTo(Path.of("/srv/wharf"));
        assertThat(broker.store().flushPolicy()).isEqualTo(FlushPolicy.SYNC);
        assertThat(broker.store().flushInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(broker.store().commitLogSegmentBytes()).isEqualTo(1 << 20);
        assertThat(broker.store().storeHost()).isEqualTo(STORE_HOST);
    }

    @Test
    void theDefaultsAreTheBrokersOwn() {
        BrokerConfig broker = EmbeddedBrokerConfig.from(GatewayConfig.defaults(), STORE_HOST);
        BrokerConfig brokerDefaults = BrokerConfig.defaults(Path.of("./data"));

        assertThat(broker.advertisedAddress()).isEqualTo(Optional.empty());
        assertThat(broker.withStore(brokerDefaults.store())).isEqualTo(brokerDefaults);
        assertThat(broker.store()).isEqualTo(brokerDefaults.store().toBuilder().storeHost(STORE_HOST).build());
    }

    @Test
    void messageIdsCarryTheAdvertisedAddressWhenOneIsSet() {
        GatewayConfig config = GatewayConfigReader.parse("broker:\n  advertisedAddress: 127.0.0.2:7000\n");

        assertThat(StoreHost.of(config)).isEqualTo(new InetSocketAddress("127.0.0.2", 7000));
    }

    @Test
    void messageIdsCarryTheListenersAddressOtherwise() {
        GatewayConfig specific = GatewayConfigReader.parse("listeners:\n  - {host: 127.0.0.1, port: 8181}\n");
        GatewayConfig wildcard = GatewayConfigReader.parse("listeners:\n  - {host: 0.0.0.0, port: 8181}\n");

        assertThat(StoreHost.of(specific)).isEqualTo(new InetSocketAddress("127.0.0.1", 8181));
        assertThat(StoreHost.of(wildcard).getAddress().isAnyLocalAddress()).isFalse();
        assertThat(StoreHost.of(wildcard).getPort()).isEqualTo(8181);
    }
}
