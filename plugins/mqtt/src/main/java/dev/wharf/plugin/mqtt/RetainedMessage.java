package dev.wharf.plugin.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * The retained message of one MQTT topic (MQTT 3.1.1 §3.3.1.3): what a new subscription to a matching filter
 * gets first, with RETAIN set.
 *
 * @param topic the MQTT topic name it was published to
 * @param qos the QoS it was published with; it is delivered at the lower of this and the subscription's
 * @param body its payload, never empty (an empty retained publish clears the topic's)
 * @param id the id of its record in the retained topic, which tells a redelivery from a newer message
 */
record RetainedMessage(String topic, int qos, byte[] body, String id) {

    /** What it takes of a listener's {@code maxRetainedBytes}: its payload and its topic's UTF-8 bytes. */
    long size() {
        return body.length + (long) topic.getBytes(StandardCharsets.UTF_8).length;
    }
}
