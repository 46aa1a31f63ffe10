package dev.wharf.bench;

/**
 * What a drain received.
 *
 * @param throughput messages delivered in the measured window
 * @param endToEnd born timestamp to delivery, at millisecond resolution (born timestamps are millis)
 * @param firstMessageMillis time from the consumer's start to its first message, or -1 if none came
 * @param delivered every delivery, warm-up included (redeliveries counted again)
 */
public record DrainResult(Throughput throughput, LatencySummary endToEnd, long firstMessageMillis, long delivered) {}
