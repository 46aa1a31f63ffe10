package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.MessageQueue;

/** The queue a pull or offset request names, as broker header values. */
public final class MessageQueues {

    private MessageQueues() {}

    /** The queue id; BAD_REQUEST when it is negative. */
    public static int id(MessageQueue queue) {
        if (queue.getId() < 0) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "message queue id must not be negative, got " + queue.getId());
        }
        return queue.getId();
    }

    /** The queue's broker as a {@code bname} header: null when the queue names none. */
    public static String brokerName(MessageQueue queue) {
        String name = queue.getBroker().getName();
        return name.isBlank() ? null : name;
    }
}
