package dev.wharf.broker.transaction;

/**
 * An END_TRANSACTION (37) header: which half message, which producer group, and what it decided.
 *
 * @param producerGroup the producer's group; must be the half's {@code PGROUP}
 * @param tranStateTableOffset the half's queue offset (the send answer's {@code queueOffset})
 * @param commitLogOffset the half's commit-log offset (decoded from the send answer's offset message id)
 * @param commitOrRollback 8 commit, 12 rollback, 0 unknown
 * @param fromTransactionCheck whether this answers a check-back
 * @param msgId the client's {@code UNIQ_KEY}, for logs
 */
public record EndTransactionRequest(
        String producerGroup,
        long tranStateTableOffset,
        long commitLogOffset,
        int commitOrRollback,
        boolean fromTransactionCheck,
        String msgId) {}
