package dev.wharf.compat.grpc.matrix;

/** What the client of one protocol does in a matrix case, all of it through one listener. */
interface RoundTrip {

    /**
     * Sends a message with {@code body} to the target's topic and receives it back in the target's group, both
     * through the target's listener.
     *
     * @throws AssertionError when the message does not come back intact within the tests' bound
     */
    void sendAndReceive(Target target, String body) throws Exception;

    /**
     * Tries to send one message with {@code body} to the target's topic, with short timeouts; returns only when
     * the listener accepted it.
     */
    void send(Target target, String body) throws Exception;

    /**
     * Where a case's client goes.
     *
     * @param address {@code host:port} of the listener
     * @param tls whether the client connects with TLS
     * @param topic the case's own topic, created beforehand
     * @param group the case's own consumer group, created beforehand
     */
    record Target(String address, boolean tls, String topic, String group) {}
}
