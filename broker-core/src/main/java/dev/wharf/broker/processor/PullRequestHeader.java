package dev.wharf.broker.processor;

import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;

/**
 * The header of PULL_MESSAGE and LITE_PULL_MESSAGE.
 *
 * @param consumerGroup the pulling group
 * @param topic the topic
 * @param queueId the queue
 * @param queueOffset where to read from
 * @param maxMsgNums how many messages at most
 * @param sysFlag {@code 0x1} commit offset present, {@code 0x2} suspend allowed, {@code 0x4} subscription
 *     present, {@code 0x10} lite pull
 * @param commitOffset the consumer's offset to store, when {@code 0x1} is set
 * @param suspendTimeoutMillis how long the broker may hold the request when nothing is there
 * @param subscription the subscription expression, when {@code 0x4} is set
 * @param subVersion the version of the consumer's subscription
 * @param expressionType {@code TAG} or {@code SQL92}, or null for TAG
 */
record PullRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        long queueOffset,
        int maxMsgNums,
        int sysFlag,
        long commitOffset,
        long suspendTimeoutMillis,
        String subscription,
        long subVersion,
        String expressionType) {

    static final int FLAG_COMMIT_OFFSET = 0x1;
    static final int FLAG_SUSPEND = 0x2;
    static final int FLAG_SUBSCRIPTION = 0x4;

    static PullRequestHeader read(RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        return new PullRequestHeader(
                header.requiredString("consumerGroup"),
                header.requiredString("topic"),
                header.requiredInt("queueId"),
                header.requiredLong("queueOffset"),
                header.requiredInt("maxMsgNums"),
                header.requiredInt("sysFlag"),
                header.optionalLong("commitOffset", -1),
                header.optionalLong("suspendTimeoutMillis", 0),
                header.optionalString("subscription"),
                header.optionalLong("subVersion", 0),
                header.optionalString("expressionType"));
    }

    boolean hasCommitOffset() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    boolean mayBeHeld() {
        return (sysFlag & FLAG_SUSPEND) != 0 && suspendTimeoutMillis > 0;
    }

    boolean hasSubscription() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0;
    }
}
