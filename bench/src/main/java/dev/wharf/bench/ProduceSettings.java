package dev.wharf.bench;

import java.time.Duration;

/**
 * One producer run.
 *
 * @param target where to send
 * @param producerGroup the producer group the client announces
 * @param messageBytes body size of every message
 * @param threads sending threads sharing one client instance
 * @param warmUp time sent but not measured
 * @param duration measured time after the warm-up
 * @param mode sync or async sends
 * @param maxInFlight async sends outstanding at once, over all threads
 * @param sendTimeout the client's timeout for one send
 */
public record ProduceSettings(
        TargetOptions target,
        String producerGroup,
        int messageBytes,
        int threads,
        Duration warmUp,
        Duration duration,
        SendMode mode,
        int maxInFlight,
        Duration sendTimeout) {

    public ProduceSettings {
        if (messageBytes < 1 || threads < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("size, threads and in-flight window must be positive");
        }
    }

    /** The longest a run may take, counting a last send timing out and the client's shutdown. */
    public Duration bound() {
        return warmUp.plus(duration).plus(sendTimeout.multipliedBy(2)).plusSeconds(30);
    }
}
