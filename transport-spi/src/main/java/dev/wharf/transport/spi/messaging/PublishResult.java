package dev.wharf.transport.spi.messaging;

/**
 * What became of one published message: stored, or refused with a reason.
 *
 * <pre>{@code
 * switch (result) {
 *     case PublishResult.Published stored -> reply.ok(stored.messageId());
 *     case PublishResult.Refused refused -> reply.error(refused.error().code(), refused.error().message());
 * }
 * }</pre>
 */
public sealed interface PublishResult {

    /** The id clients know the message by (the client's own when it sent one). */
    String messageId();

    /**
     * Stored.
     *
     * @param messageId the message's id
     * @param queueId the queue it went to
     * @param queueOffset its offset in that queue
     * @param transactionId the id to end a transaction with (the broker's); equals the message id otherwise
     * @param recallHandle the handle a delay message can be recalled with; null when the broker gave none
     */
    record Published(String messageId, int queueId, long queueOffset, String transactionId, String recallHandle)
            implements PublishResult {}

    /**
     * Refused, by the gateway's checks or by the broker.
     *
     * @param messageId the message's id
     * @param error why
     */
    record Refused(String messageId, MessagingError error) implements PublishResult {}
}
