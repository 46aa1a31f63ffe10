package dev.wharf.gateway.cluster;

/**
 * One queue of a topic on one broker of the cluster: what a send that named no broker is given.
 *
 * @param brokerName the broker's name, as routes and {@code bname} carry it
 * @param queueId the queue's id on that broker
 */
record BrokerQueue(String brokerName, int queueId) {}
