package dev.wharf.gateway.local;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.PoolSizes;
import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.StoreSettings;
import dev.wharf.gateway.config.ThreadSettings;
import dev.wharf.store.StoreConfig;
import java.net.InetSocketAddress;

/** Translates the gateway's configuration into the embedded broker's. */
final class EmbeddedBrokerConfig {

    private EmbeddedBrokerConfig() {}

    static BrokerConfig from(GatewayConfig config, InetSocketAddress storeHost) {
        StoreSettings store = config.store();
        BrokerSettings broker = config.broker();
        ThreadSettings threads = config.threads();
        StoreConfig storeConfig = StoreConfig.builder(store.path())
                .commitLogSegmentBytes(Math.toIntExact(store.segmentSize()))
                .flushPolicy(store.flush())
                .flushInterval(store.flushInterval())
                .storeHost(storeHost)
                .build();
        BrokerConfig brokerConfig = BrokerConfig.defaults(store.path())
                .withStore(storeConfig)
                .withNames(broker.brokerName(), broker.clusterName())
                .withAutoCreateTopics(broker.autoCreateTopics())
                .withDefaultQueueNums(broker.defaultQueueNums())
                .withMaxMessageBytes(broker.maxMessageSize())
                .withDelayLevels(broker.delayLevels())
                .withMaxReconsumeTimes(broker.maxReconsumeTimes())
                .withTopicMessageTypeCheck(broker.topicMessageTypeCheck())
                .withPop(broker.pop())
                .withTimer(broker.timer())
                .withTransactions(broker.transactions())
                .withPools(new PoolSizes(
                        threads.send(), threads.pull(), threads.ack(), threads.client(), threads.admin(), threads.queueCapacity()));
        return broker.advertisedAddress().map(brokerConfig::withAdvertisedAddress).orElse(brokerConfig);
    }
}
