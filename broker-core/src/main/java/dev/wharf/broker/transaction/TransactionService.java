package dev.wharf.broker.transaction;

import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.transaction.OpLog.Op;
import dev.wharf.broker.transaction.TransactionLedger.Outcome;
import dev.wharf.broker.transaction.TransactionLedger.Resolution;
import dev.wharf.broker.transaction.TransactionLedger.Stage;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional messages: stores half messages, resolves them on END_TRANSACTION (or when the check-backs
 * run out), and finishes on restart what a crash interrupted.
 *
 * <p>Every half is resolved at most once: the {@link TransactionLedger} hands out one claim per half, and
 * a replayed or conflicting END_TRANSACTION finds the claim taken. A rollback writes a {@code d} op. A
 * commit writes a {@code c} op first, then delivers through the {@link MessageWriter} (so a delay or
 * delivery time still applies), then writes a {@code d} op. A commit interrupted anywhere in between is
 * finished later — at start-up, or by the next check round — by writing {@code c} again (harmless),
 * delivering only if {@link CommitFinder} finds no stored delivery, and writing {@code d}: a committed
 * message is neither lost nor delivered twice across a crash.
 *
 * <pre>{@code
 * transactions.recover();                       // at start-up, before serving
 * transactions.prepare(sent);                   // SEND_MESSAGE of a half message
 * transactions.end(request);                    // END_TRANSACTION
 * }</pre>
 */
public final class TransactionService {

    private static final Logger log = LoggerFactory.getLogger(TransactionService.class);

    private final MessageStore store;
    private final MessageWriter writer;
    private final TransactionLedger ledger;
    private final OpLog ops;
    private final CommitFinder finder;

    /**
     * @param delayLevels how many delay levels the broker has, to know where a delayed commit went
     */
    public TransactionService(MessageStore store, MessageWriter writer, TransactionLedger ledger, int delayLevels) {
        this.store = store;
        this.writer = writer;
        this.ledger = ledger;
        this.ops = new OpLog(store);
        this.finder = new CommitFinder(store, delayLevels);
    }

    /** The ledger of resolutions and check counts. */
    public TransactionLedger ledger() {
        return ledger;
    }

    /**
     * Replays the ops from the persisted progress and finishes the resolutions a crash interrupted. Call
     * once, after {@link TransactionLedger#load()} and before serving requests.
     */
    public void recover() {
        int[] replayed = {0};
        ops.replay(ledger.opProgress(), op -> {
            replayed[0]++;
            op.halfOffsets().forEach(half -> ledger.replayed(half, op));
        });
        int unfinished = 0;
        for (long half : ledger.incomplete()) {
            unfinished++;
            finishIncomplete(half).join();
        }
        log.info("transactions: {} ops replayed from op offset {}, {} interrupted commits finished, half progress {}",
                replayed[0], ledger.opProgress(), unfinished, ledger.halfProgress());
    }

    /** Stores a half message; the answer names its half-queue offset and commit-log offset. */
    public CompletableFuture<PutResult> prepare(MessageRecord message) {
        return writer.append(HalfMessages.toHalf(message));
    }

    /**
     * Applies an END_TRANSACTION. A commit completes once delivered; a rollback once recorded; "unknown"
     * at once. A resolution repeated with the same outcome is accepted and changes nothing.
     *
     * @throws RemotingCommandException SYSTEM_ERROR when no half message starts at the commit-log offset,
     *     or when the producer group or the half-queue offset do not match it; ILLEGAL_OPERATION when the
     *     message there is not a half message, or the half was already resolved the other way;
     *     INVALID_PARAMETER for an outcome other than 0, 8 or 12
     */
    public CompletableFuture<Void> end(EndTransactionRequest request) {
        StoredMessage half = validatedHalf(request);
        Outcome outcome;
        switch (request.commitOrRollback()) {
            case MessageSysFlag.TRANSACTION_NOT_TYPE -> {
                return CompletableFuture.completedFuture(null);
            }
            case MessageSysFlag.TRANSACTION_COMMIT_TYPE -> outcome = Outcome.COMMIT;
            case MessageSysFlag.TRANSACTION_ROLLBACK_TYPE -> outcome = Outcome.ROLLBACK;
            default -> throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "commitOrRollback must be 0 (unknown), 8 (commit) or 12 (rollback), got "
                            + request.commitOrRollback());
        }
        if (half.queueOffset() < ledger.halfProgress()) {
            log.debug("END_TRANSACTION for half {} ({}) that was resolved long ago; ignored",
                    half.queueOffset(), request.msgId());
            return CompletableFuture.completedFuture(null);
        }
        return resolve(half, outcome).map(earlier -> {
            if (earlier.outcome() != outcome) {
                throw new RemotingCommandException(ResponseCode.ILLEGAL_OPERATION, "the transaction of message "
                        + request.msgId() + " (half offset " + half.queueOffset() + ") was already resolved with "
                        + earlier.outcome() + ", it cannot be resolved with " + outcome);
            }
            return CompletableFuture.<Void>completedFuture(null);
        }).orElseGet(() -> finish(half, outcome));
    }

    /**
     * Claims the resolution of a half; empty when the claim is taken (call {@link #finish} then), or the
     * resolution that got there first.
     */
    Optional<Resolution> resolve(StoredMessage half, Outcome outcome) {
        return ledger.claim(half.queueOffset(), outcome, ops.end());
    }

    /** Writes a claimed resolution; on failure it stays INCOMPLETE for {@link #retryIncomplete()}. */
    CompletableFuture<Void> finish(StoredMessage half, Outcome outcome) {
        Resolution resolution = ledger.resolution(half.queueOffset()).orElseThrow();
        CompletableFuture<?> written = outcome == Outcome.COMMIT
                ? ops.append(Op.Kind.COMMITTING, half.queueOffset())
                        .thenCompose(op -> writer.write(HalfMessages.committed(half)))
                        .thenCompose(put -> ops.append(Op.Kind.DONE, half.queueOffset()))
                : ops.append(Op.Kind.DONE, half.queueOffset());
        return settle(half.queueOffset(), resolution, written);
    }

    /**
     * Resolves a half its producer never resolved, by policy: ROLLBACK keeps a copy in
     * {@code TRANS_CHECK_MAX_TIME_TOPIC} and drops it, COMMIT delivers it. Nothing happens if it was
     * resolved meanwhile.
     */
    public CompletableFuture<Void> giveUp(StoredMessage half, TransactionConfig.Resolution policy) {
        Outcome outcome = policy == TransactionConfig.Resolution.COMMIT ? Outcome.COMMIT : Outcome.ROLLBACK;
        if (resolve(half, outcome).isPresent()) {
            return CompletableFuture.completedFuture(null);
        }
        if (outcome == Outcome.COMMIT) {
            return finish(half, outcome);
        }
        Resolution resolution = ledger.resolution(half.queueOffset()).orElseThrow();
        MessageRecord archived = half.toRecord().toBuilder().topic(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC).queueId(0).build();
        CompletableFuture<?> written = writer.append(archived)
                .thenCompose(put -> ops.append(Op.Kind.DONE, half.queueOffset()));
        return settle(half.queueOffset(), resolution, written);
    }

    /** Finishes the resolutions a failed write left INCOMPLETE; run by every check round. */
    public void retryIncomplete() {
        for (long half : ledger.incomplete()) {
            finishIncomplete(half);
        }
    }

    private CompletableFuture<Void> finishIncomplete(long halfOffset) {
        Resolution resolution = ledger.resolution(halfOffset).orElse(null);
        if (resolution == null || !resolution.takeForRetry()) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<StoredMessage> half = readHalf(halfOffset);
        if (half.isEmpty()) {
            log.error("half message {} is no longer stored; its {} cannot be finished", halfOffset,
                    resolution.outcome());
            resolution.moveTo(Stage.DONE);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> written = resolution.outcome() == Outcome.COMMIT
                ? ops.append(Op.Kind.COMMITTING, halfOffset)
                        .thenCompose(op -> deliverUnlessDelivered(half.get()))
                        .thenCompose(put -> ops.append(Op.Kind.DONE, halfOffset))
                : ops.append(Op.Kind.DONE, halfOffset);
        return settle(halfOffset, resolution, written);
    }

    private CompletableFuture<?> deliverUnlessDelivered(StoredMessage half) {
        MessageRecord committed = HalfMessages.committed(half);
        if (finder.isDelivered(half, committed)) {
            log.info("interrupted commit of half {} was already delivered", half.queueOffset());
            return CompletableFuture.completedFuture(null);
        }
        return writer.write(committed);
    }

    private static CompletableFuture<Void> settle(long halfOffset, Resolution resolution, CompletableFuture<?> written) {
        return written.handle((ignored, failure) -> {
            if (failure == null) {
                resolution.moveTo(Stage.DONE);
                return null;
            }
            resolution.moveTo(Stage.INCOMPLETE);
            log.warn("the {} of half message {} could not be written; it will be retried", resolution.outcome(),
                    halfOffset, failure);
            throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
        });
    }

    /** The half message at a half-queue offset, if still stored. */
    Optional<StoredMessage> readHalf(long halfOffset) {
        GetResult got = store.get(TopicNames.TRANS_HALF_TOPIC, 0, halfOffset, 1, MessageFilter.ALL);
        if (got.status() != GetResult.GetStatus.FOUND) {
            return Optional.empty();
        }
        return StoredMessageCodec.decodeAll(got.records()).stream().findFirst();
    }

    /** Writes the ledger; the op end is read first, as {@link TransactionLedger#persist} requires. */
    public void flush() {
        ledger.persist(ops.end());
    }

    private StoredMessage validatedHalf(EndTransactionRequest request) {
        long offset = request.commitLogOffset();
        StoredMessage half;
        try {
            half = store.lookupMessage(offset).orElse(null);
        } catch (RuntimeException unreadable) {
            half = null;
        }
        if (half == null) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR,
                    "Find prepared transaction message failed: no message starts at commit log offset " + offset);
        }
        if (!TopicNames.TRANS_HALF_TOPIC.equals(half.topic())) {
            throw new RemotingCommandException(ResponseCode.ILLEGAL_OPERATION, "the message at commit log offset "
                    + offset + " is not a half message (it is stored in topic " + half.topic() + ")");
        }
        String group = HalfMessages.producerGroup(half);
        if (!Objects.equals(group, request.producerGroup())) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR, "The producer group wrong: the half "
                    + "message at commit log offset " + offset + " belongs to " + group + ", not "
                    + request.producerGroup());
        }
        if (half.queueOffset() != request.tranStateTableOffset()) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR, "The transaction state table offset "
                    + "wrong: the half message at commit log offset " + offset + " has offset " + half.queueOffset()
                    + ", not " + request.tranStateTableOffset());
        }
        return half;
    }
}
