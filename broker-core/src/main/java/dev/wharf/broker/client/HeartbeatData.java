package dev.wharf.broker.client;

import java.util.List;

/**
 * RocketMQ's {@code HeartbeatData} body. The 5.x "heartbeat v2" fields are read when present but never
 * needed: this broker does not advertise v2, so clients always send their full subscriptions.
 *
 * @param clientID the client's id, {@code ip@instance}
 * @param producerDataSet producer groups the client belongs to
 * @param consumerDataSet consumer groups the client belongs to, with their subscriptions
 * @param heartbeatFingerprint 5.x v2 fingerprint, 0 when unused
 * @param withoutSub 5.x v2: subscriptions were left out because they did not change
 */
public record HeartbeatData(
        String clientID,
        List<ProducerData> producerDataSet,
        List<ConsumerData> consumerDataSet,
        int heartbeatFingerprint,
        boolean withoutSub) {

    public HeartbeatData {
        producerDataSet = producerDataSet == null ? List.of() : List.copyOf(producerDataSet);
        consumerDataSet = consumerDataSet == null ? List.of() : List.copyOf(consumerDataSet);
    }

    /** One producer group of the client. */
    public record ProducerData(String groupName) {}
}
