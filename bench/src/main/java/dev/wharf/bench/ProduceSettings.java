package dev.wharf.bench;

import java.time.Duration;

/**
 * One producer run.
 *
 * @param target where to send, and with which client
 * @param producerGroup the producer group a Remoting client announces (5.x gRPC producers have none)
 * @param messageBytes body size of every message
 * @param threads sending threads sharing one client instance
 * @param warmUp time sent but not measured
 * @param duration measured time after the warm-up
 * @param messageLimit sends after which the run stops, warm-up included; 0 for no limit
 * @param mode sync or async sends
 * @param maxInFlight async sends outstanding at once, over all threads
 * @param sendTimeout the client's timeout for one send
 */
public record ProduceSettings(
        LoadTarget target,
        String producerGroup,
        int messageBytes,
        int threads,
        Duration warmUp,
        Duration duration,
        long messageLimit,
        SendMode mode,
        int maxInFlight,
        Duration sendTimeout) {

    public ProduceSettings {
        if (messageBytes < 1 || threads < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("size, threads and in-flight window must be positive");
        }
        if (messageLimit < 0) {
            throw new IllegalArgumentException("the message limit must not be negative");
        }
    }

    /** The same run against another address of the same kind of target. */
    public ProduceSettings withAddress(String address) {
        return new ProduceSettings(new LoadTarget(target.protocol(), address, target.tls(), target.topic()), producerGroup,
                messageBytes, threads, warmUp, duration, messageLimit, mode, maxInFlight, sendTimeout);
    }

    /** The longest a run may take, counting a last send timing out and the client's shutdown. */
    public Duration bound() {
        return warmUp.plus(duration).plus(sendTimeout.multipliedBy(2)).plusSeconds(30);
    }
}
