package dev.wharf.broker.pop;

import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;

/**
 * The header of POP_MESSAGE (200050).
 *
 * @param consumerGroup the popping group
 * @param topic the topic (never a retry topic: the broker reads the group's pop retry topic itself)
 * @param queueId the queue, or -1 for any
 * @param maxMsgNums how many messages at most, 1..32
 * @param invisibleTime how long popped messages stay invisible (ms)
 * @param pollTime how long the broker may hold the request when nothing is there (ms)
 * @param bornTime the client's send time (ms); 0 when absent
 * @param initMode where a group that never consumed a queue starts: 0 its first message, 1 its end
 * @param expType {@code TAG} or {@code SQL92}, or null for TAG
 * @param exp the subscription expression, or null for all
 * @param order whether the pop is FIFO
 * @param attemptId the FIFO attempt a re-poll repeats, or null
 */
record PopRequestHeader(String consumerGroup, String topic, int queueId, int maxMsgNums, long invisibleTime,
        long pollTime, long bornTime, int initMode, String expType, String exp, boolean order, String attemptId) {

    /** RocketMQ's bound on {@code maxMsgNums}. */
    static final int MAX_MSG_NUMS = 32;
    /** How late a request may arrive beyond its poll time before it is refused. */
    static final long MAX_LATENESS_MILLIS = 500;

    static PopRequestHeader read(RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        return new PopRequestHeader(
                header.requiredString("consumerGroup"),
                header.requiredString("topic"),
                header.requiredInt("queueId"),
                header.requiredInt("maxMsgNums"),
                header.requiredLong("invisibleTime"),
                header.optionalLong("pollTime", 0),
                header.optionalLong("bornTime", 0),
                header.optionalInt("initMode", 0),
                header.optionalString("expType"),
                header.optionalString("exp"),
                header.optionalBoolean("order", false),
                header.optionalString("attemptId"));
    }

    /** Whether the request arrived later than its own poll time allows ("pop message is timeout too much"). */
    boolean isTooLate(long now) {
        return bornTime > 0 && now - bornTime - pollTime > MAX_LATENESS_MILLIS;
    }
}
