package dev.wharf.broker.protocol;

import java.util.Map;

/**
 * RocketMQ's {@code BrokerData}: a broker name and its addresses by broker id ({@code "0"} is the master),
 * as route and cluster bodies carry it.
 *
 * @param brokerAddrs address by broker id
 * @param brokerName the broker
 * @param cluster its cluster
 * @param enableActingMaster always false: there are no slaves to promote
 */
public record BrokerData(Map<String, String> brokerAddrs, String brokerName, String cluster, boolean enableActingMaster) {

    /** A single master at {@code address}. */
    public static BrokerData master(String cluster, String brokerName, String address) {
        return new BrokerData(Map.of("0", address), brokerName, cluster, false);
    }
}
