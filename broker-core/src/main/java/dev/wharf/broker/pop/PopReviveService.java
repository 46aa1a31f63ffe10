package dev.wharf.broker.pop;

import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.group.SubscriptionGroupRegistry;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.message.StoredMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back popped messages that were not acknowledged within their invisible time: every
 * {@link PopConfig#reviveInterval()} it takes the checkpoints that fell due, reads each un-acked original
 * through the {@link OriginalMessageReader} and appends it to the pop retry topic (or the dead-letter
 * queue) through the {@link PopRetryWriter}.
 *
 * <p>A read that is {@link OriginalMessageReader.Read.Gone gone} drops that one message with one log line.
 * A read that fails for now, or a retry that cannot be written, keeps the checkpoint open: its next
 * attempt is moved to now plus the next wait of {@link PopConfig#reviveReadBackoff()} (the last one
 * repeated), durably with its attempt count, and one line is logged per checkpoint and attempt. A
 * checkpoint is thus never due again at a time already past, and a failing read never spins.
 */
final class PopReviveService {

    private static final Logger log = LoggerFactory.getLogger(PopReviveService.class);

    private final PopConfig config;
    private final CheckpointStore checkpoints;
    private final OriginalMessageReader reader;
    private final PopRetryWriter retries;
    private final SubscriptionGroupRegistry groups;
    private final Clock clock;

    PopReviveService(PopConfig config, CheckpointStore checkpoints, OriginalMessageReader reader,
            PopRetryWriter retries, SubscriptionGroupRegistry groups, Clock clock) {
        this.config = config;
        this.checkpoints = checkpoints;
        this.reader = reader;
        this.retries = retries;
        this.groups = groups;
        this.clock = clock;
    }

    /** Runs {@link #reviveDue()} every revive interval on {@code executor}. */
    void start(ScheduledExecutorService executor) {
        long period = config.reviveInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                reviveDue();
            } catch (RuntimeException e) {
                log.error("the POP revive pass failed; the next pass retries", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** One pass: every checkpoint due now. */
    void reviveDue() {
        long now = clock.millis();
        for (Checkpoint checkpoint : checkpoints.due(now)) {
            revive(checkpoint, now);
        }
    }

    private void revive(Checkpoint checkpoint, long now) {
        CheckpointKey key = checkpoint.key();
        Optional<SubscriptionGroupConfig> group = groups.get(key.group());
        long[] pending = checkpoint.pending();
        if (group.isEmpty()) {
            log.warn("dropping {} un-acked message(s) of {}: the group {} no longer exists", pending.length,
                    checkpoint, key.group());
            checkpoints.markDone(checkpoint, pending).join();
            return;
        }
        String originalTopic = originalTopic(key);
        List<Long> finished = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        String failure = null;
        for (long offset : pending) {
            OriginalMessageReader.Read read = read(key, offset);
            if (read instanceof OriginalMessageReader.Read.Found found) {
                Optional<String> problem = redeliver(found.message(), group.get(), originalTopic, key.popTime());
                if (problem.isEmpty()) {
                    finished.add(offset);
                } else {
                    failed.add(offset);
                    failure = problem.get();
                }
            } else if (read instanceof OriginalMessageReader.Read.Gone gone) {
                log.warn("dropping un-acked offset {} of {}/{} for group {}: {}", offset, key.topic(), key.queueId(),
                        key.group(), gone.reason());
                finished.add(offset);
            } else if (read instanceof OriginalMessageReader.Read.NotNow notNow) {
                failed.add(offset);
                failure = notNow.reason();
            }
        }
        try {
            checkpoints.markDone(checkpoint, finished.stream().mapToLong(Long::longValue).toArray()).join();
        } catch (RuntimeException e) {
            // Brought back but not recorded as such: a later attempt may deliver those again, never lose them.
            failed.addAll(finished);
            failure = "the revive could not be recorded: " + e;
        }
        if (!failed.isEmpty()) {
            retryLater(checkpoint, failed.size(), failure, now);
        }
    }

    private OriginalMessageReader.Read read(CheckpointKey key, long offset) {
        try {
            return reader.read(key.topic(), key.queueId(), offset);
        } catch (RuntimeException e) {
            return new OriginalMessageReader.Read.NotNow("the read threw " + e);
        }
    }

    private Optional<String> redeliver(StoredMessage message, SubscriptionGroupConfig group, String originalTopic,
            long popTime) {
        try {
            retries.revive(message, group, originalTopic, popTime).join();
            return Optional.empty();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("the retry could not be written: " + cause);
        }
    }

    private void retryLater(Checkpoint checkpoint, int failedCount, String failure, long now) {
        int attempt = checkpoint.rePutCount() + 1;
        List<Duration> backoff = config.reviveReadBackoff();
        Duration wait = backoff.get(Math.min(attempt, backoff.size()) - 1);
        log.warn("could not bring back {} message(s) of {} (attempt {}): {}; next attempt in {}", failedCount,
                checkpoint, attempt, failure, wait);
        try {
            checkpoints.reschedule(checkpoint, now + wait.toMillis(), attempt).join();
        } catch (RuntimeException e) {
            // The new time is set in memory either way, so the checkpoint is not retried hot; only its
            // durable attempt count lags, and a restart retries it from the older record.
            log.warn("could not record the next revive attempt of {}: {}", checkpoint, e.toString());
        }
    }

    /** The topic the group consumes: the checkpoint's, or the one its pop retry topic was derived from. */
    private static String originalTopic(CheckpointKey key) {
        String retryPrefix = TopicNames.popRetryTopic(key.group(), "");
        return key.topic().startsWith(retryPrefix) ? key.topic().substring(retryPrefix.length()) : key.topic();
    }
}
