package dev.wharf.bench;

/**
 * What a drain received.
 *
 * @param throughput messages delivered in the measured window
 * @param endToEnd born timestamp to delivery, at millisecond resolution (born timestamps are millis)
 * @param firstMessageMillis time from the consumer's start to its first message, or -1 if none came
 * @param delivered every delivery, warm-up included (redeliveries counted again)
 * @param clientCpuMicrosPerMessage this client process's CPU time from the first message to the end of the drain
 *     (before the client shuts down), per delivery; -1 if unknown
 */
public record DrainResult(
        Throughput throughput,
        LatencySummary endToEnd,
        long firstMessageMillis,
        long delivered,
        double clientCpuMicrosPerMessage) {}
