package dev.wharf.broker.transaction;

import dev.wharf.broker.client.ProducerRegistry;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks producers about the half messages they left unresolved. Each round (every
 * {@link TransactionConfig#checkInterval()}) reads the half queue from the ledger's progress: a half older
 * than {@link TransactionConfig#timeout()} (or its {@code CHECK_IMMUNITY_TIME_IN_SECONDS}) and unresolved is
 * sent CHECK_TRANSACTION_STATE, oneway, on one live connection of its producer group; the producer answers
 * with END_TRANSACTION. A half checked {@link TransactionConfig#maxChecks()} times gets
 * {@link TransactionConfig#onMaxChecks()}.
 *
 * <p>A check is counted only when it is sent: with no producer of the group online the half waits for the
 * next round uncounted, since nobody was asked. Counts are written before the checks go out, so a crash
 * never lets a half be asked more than {@code maxChecks} times. The round ends at the first half younger
 * than the timeout (later ones are younger still), moves the progress to the lowest unfinished half, and
 * also retries resolutions a failed write left unfinished.
 */
public final class TransactionCheckService {

    private static final Logger log = LoggerFactory.getLogger(TransactionCheckService.class);
    private static final int BATCH = 32;

    private final TransactionService transactions;
    private final MessageStore store;
    private final ProducerRegistry producers;
    private final TransactionConfig config;
    private final String brokerName;
    private final Clock clock;

    public TransactionCheckService(TransactionService transactions, MessageStore store, ProducerRegistry producers,
            TransactionConfig config, String brokerName, Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.producers = producers;
        this.config = config;
        this.brokerName = brokerName;
        this.clock = clock;
    }

    /** One round: retries, checks, policy, progress. Runs on one thread at a time. */
    public void checkRound() {
        transactions.retryIncomplete();
        TransactionLedger ledger = transactions.ledger();
        long now = clock.millis();
        long offset = Math.max(ledger.halfProgress(), store.minOffset(TopicNames.TRANS_HALF_TOPIC, 0));
        long lowestUnfinished = -1;
        List<Runnable> checks = new ArrayList<>();
        scan:
        while (true) {
            GetResult got = store.get(TopicNames.TRANS_HALF_TOPIC, 0, offset, BATCH, MessageFilter.ALL);
            if (got.status() != GetResult.GetStatus.FOUND) {
                break;
            }
            for (StoredMessage half : StoredMessageCodec.decodeAll(got.records())) {
                offset = half.queueOffset() + 1;
                TransactionLedger.Resolution resolution = ledger.resolution(half.queueOffset()).orElse(null);
                boolean finished = resolution != null && resolution.stage() == TransactionLedger.Stage.DONE;
                if (!finished && lowestUnfinished < 0) {
                    lowestUnfinished = half.queueOffset();
                }
                if (resolution != null) {
                    continue;
                }
                long age = now - half.storeTimestamp();
                if (age < config.timeout().toMillis()) {
                    break scan;
                }
                if (age >= immunityMillis(half)) {
                    decide(half, ledger, checks);
                }
            }
            offset = Math.max(offset, got.nextBeginOffset());
        }
        ledger.advance(lowestUnfinished < 0 ? offset : lowestUnfinished);
        transactions.flush();
        checks.forEach(Runnable::run);
    }

    private void decide(StoredMessage half, TransactionLedger ledger, List<Runnable> checks) {
        if (ledger.checks(half.queueOffset()) >= config.maxChecks()) {
            log.info("half message {} of group {} is still unresolved after {} checks: {}", half.queueOffset(),
                    HalfMessages.producerGroup(half), config.maxChecks(), config.onMaxChecks());
            transactions.giveUp(half, config.onMaxChecks());
            return;
        }
        String group = HalfMessages.producerGroup(half);
        Connection producer = group == null ? null : producers.anyConnection(group).orElse(null);
        if (producer == null) {
            log.debug("no producer of group {} is online to check half message {}", group, half.queueOffset());
            return;
        }
        ledger.countCheck(half.queueOffset());
        RemotingCommand check = checkCommand(half);
        checks.add(() -> producer.send(check).whenComplete((sent, failure) -> {
            if (failure != null) {
                log.debug("could not send the check of half message {} to {}: {}", half.queueOffset(),
                        producer.remoteAddress(), failure.toString());
            }
        }));
    }

    private long immunityMillis(StoredMessage half) {
        String seconds = half.property(MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (seconds == null) {
            return 0;
        }
        try {
            return Long.parseLong(seconds.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** CHECK_TRANSACTION_STATE for a half: the §2.8 header, and the half with its real topic as the body. */
    RemotingCommand checkCommand(StoredMessage half) {
        String offsetMsgId = half.offsetMessageId();
        String uniqueKey = half.property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        String msgId = uniqueKey != null ? uniqueKey : offsetMsgId;
        String transactionId = half.property(MessageProperties.TRANSACTION_ID);
        return RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extField("topic", HalfMessages.realTopic(half))
                .extField("tranStateTableOffset", half.queueOffset())
                .extField("commitLogOffset", half.commitLogOffset())
                .extField("msgId", msgId)
                .extField("transactionId", transactionId != null ? transactionId : msgId)
                .extField("offsetMsgId", offsetMsgId)
                .extField("bname", brokerName)
                .body(HalfMessages.checkBody(half))
                .oneway()
                .build();
    }
}
