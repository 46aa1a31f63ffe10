package dev.wharf.plugin.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server keeps for one client id: its subscriptions (filter to granted QoS) and its QoS 1 deliveries
 * awaiting PUBACK, by packet id. A clean session lives as long as its connection; a persistent one is kept in
 * memory for the client's next connection (lost when the gateway restarts). Used from one connection at a
 * time, handed over between event loops, hence synchronized.
 */
final class Session {

    /**
     * A QoS 1 delivery the client has not acknowledged.
     *
     * @param packetId its packet id
     * @param filter the subscription it was delivered for
     * @param group the subscription's consumer group
     * @param topic the RocketMQ topic
     * @param messageId the message's id, to recognise a redelivery
     * @param receiptHandle what acks it
     * @param mqttTopic the topic name it was published under
     * @param body its payload
     * @param retained whether it is a retained message sent for a SUBSCRIBE (RETAIN set; no receipt handle, since
     *     the broker did not deliver it to the group)
     */
    record Unacked(int packetId, String filter, String group, String topic, String messageId, String receiptHandle,
            String mqttTopic, byte[] body, boolean retained) {}

    private final String clientId;
    private final boolean clean;
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final Map<Integer, Unacked> unacked = new LinkedHashMap<>();
    private int lastPacketId;

    Session(String clientId, boolean clean) {
        this.clientId = clientId;
        this.clean = clean;
    }

    String clientId() {
        return clientId;
    }

    boolean clean() {
        return clean;
    }

    synchronized void subscribe(String filter, int qos) {
        subscriptions.put(filter, qos);
    }

    synchronized boolean unsubscribe(String filter) {
        return subscriptions.remove(filter) != null;
    }

    synchronized Map<String, Integer> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    /**
     * Records a QoS 1 delivery: a redelivery of a message still unacknowledged keeps its packet id and takes its
     * new receipt handle; answers the entry, whose packet id goes on the PUBLISH.
     */
    synchronized Unacked deliver(String filter, String group, String topic, String messageId, String receiptHandle,
            String mqttTopic, byte[] body, boolean retained) {
        for (Unacked pending : unacked.values()) {
            if (pending.filter().equals(filter) && pending.messageId().equals(messageId)) {
                Unacked renewed = new Unacked(pending.packetId(), filter, group, topic, messageId, receiptHandle,
                        mqttTopic, body, retained);
                unacked.put(pending.packetId(), renewed);
                return renewed;
            }
        }
        Unacked fresh = new Unacked(nextPacketId(), filter, group, topic, messageId, receiptHandle, mqttTopic, body,
                retained);
        unacked.put(fresh.packetId(), fresh);
        return fresh;
    }

    /** The delivery a PUBACK settles; null for a packet id the session does not know. */
    synchronized Unacked acknowledged(int packetId) {
        return unacked.remove(packetId);
    }

    synchronized int unackedFor(String filter) {
        return (int) unacked.values().stream().filter(pending -> pending.filter().equals(filter)).count();
    }

    synchronized List<Unacked> unacked() {
        return new ArrayList<>(unacked.values());
    }

    /** 1..65535, skipping ids still in use. */
    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId % 65_535 + 1;
        } while (unacked.containsKey(lastPacketId));
        return lastPacketId;
    }
}
