package dev.wharf.broker.processor;

import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;

/**
 * The send header, read from either of its two spellings: SEND_MESSAGE's long field names or
 * SEND_MESSAGE_V2's (and SEND_BATCH_MESSAGE's) single letters {@code a…n}.
 *
 * @param topic the target topic ({@code b})
 * @param defaultQueueNums queues the producer asks for when the topic is auto-created ({@code d})
 * @param queueId the target queue; below 0 the broker picks one ({@code e})
 * @param sysFlag MessageSysFlag bits ({@code f})
 * @param bornTimestamp the producer's timestamp ({@code g})
 * @param flag the user flag ({@code h})
 * @param properties the encoded properties ({@code i})
 * @param reconsumeTimes deliveries so far, for sends to a retry topic ({@code j})
 * @param maxReconsumeTimes the consumer's limit for sends to a retry topic, or null ({@code l})
 * @param batch whether the body is a batch ({@code m}, or the batch request code)
 */
record SendRequestHeader(
        String topic,
        int defaultQueueNums,
        int queueId,
        int sysFlag,
        long bornTimestamp,
        int flag,
        String properties,
        int reconsumeTimes,
        Integer maxReconsumeTimes,
        boolean batch) {

    /** What producers ask for when they do not say. */
    private static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;

    static SendRequestHeader read(RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        boolean v2 = request.code() != RequestCode.SEND_MESSAGE;
        String maxReconsume = header.optionalString(v2 ? "l" : "maxReconsumeTimes");
        return new SendRequestHeader(
                header.requiredString(v2 ? "b" : "topic"),
                header.optionalInt(v2 ? "d" : "defaultTopicQueueNums", DEFAULT_TOPIC_QUEUE_NUMS),
                header.optionalInt(v2 ? "e" : "queueId", -1),
                header.optionalInt(v2 ? "f" : "sysFlag", 0),
                header.optionalLong(v2 ? "g" : "bornTimestamp", System.currentTimeMillis()),
                header.optionalInt(v2 ? "h" : "flag", 0),
                header.optionalString(v2 ? "i" : "properties"),
                header.optionalInt(v2 ? "j" : "reconsumeTimes", 0),
                maxReconsume == null ? null : header.optionalInt(v2 ? "l" : "maxReconsumeTimes", 0),
                request.code() == RequestCode.SEND_BATCH_MESSAGE || header.optionalBoolean(v2 ? "m" : "batch", false));
    }
}
