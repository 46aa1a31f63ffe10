package dev.wharf.bench;

import java.time.Duration;

/**
 * One timer-precision run.
 *
 * @param target the broker (Wharf: its Remoting port is name server and broker) and the topic
 * @param messages how many timer messages to send
 * @param minDelay the shortest delay after its send a message asks for
 * @param maxDelay the longest; delays are spread evenly in between
 * @param size body bytes per message
 * @param maxInFlight async sends outstanding at once
 * @param queues queues of the DELAY topic the run creates
 * @param consumerGroup the push consumer's group, new for the run
 */
public record TimerSettings(
        TargetOptions target,
        int messages,
        Duration minDelay,
        Duration maxDelay,
        int size,
        int maxInFlight,
        int queues,
        String consumerGroup) {

    public TimerSettings {
        if (messages < 1 || size < 1 || maxInFlight < 1 || queues < 1) {
            throw new IllegalArgumentException("messages, size, in-flight and queues must be positive");
        }
        if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= min-delay <= max-delay");
        }
    }

    /** How long to wait for the last delivery after the last send. */
    public Duration drainBound() {
        return maxDelay.plusSeconds(60);
    }

    /** The longest a run may take: sending (bounded generously), waiting, the client's start and stop. */
    public Duration bound() {
        return drainBound().plusMinutes(5);
    }
}
