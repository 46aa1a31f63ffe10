package dev.wharf.compat.support;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * What a test needs from the server it talks to, independent of which server that is (a Wharf
 * gateway, or Apache RocketMQ when checking the tests themselves).
 *
 * <pre>{@code
 * ServerSettings crashSafe = ServerSettings.defaults().withSyncFlush();
 * ServerSettings strict = ServerSettings.defaults().withoutTopicAutoCreation();
 * }</pre>
 *
 * @param autoCreateTopics whether a send to an unknown topic creates it
 * @param syncFlush whether a send is acknowledged only once it is on disk
 * @param defaultQueueNums queues of an auto-created topic
 * @param delayLevels the delay of every level, level 1 first, in the {@code 1s} form
 * @param transactionChecks when unresolved transactional messages are checked back with their producer
 */
public record ServerSettings(
        boolean autoCreateTopics, boolean syncFlush, int defaultQueueNums, List<String> delayLevels,
        TransactionChecks transactionChecks) {

    /**
     * How unresolved half messages are checked back.
     *
     * @param interval how often they are looked at
     * @param timeout how old one must be before its producer is asked
     * @param maxChecks how often a producer is asked before the server gives up on it
     */
    public record TransactionChecks(Duration interval, Duration timeout, int maxChecks) {

        /** Apache RocketMQ's defaults: every 30 s, after 6 s, 15 times. */
        public static TransactionChecks defaults() {
            return new TransactionChecks(Duration.ofSeconds(30), Duration.ofSeconds(6), 15);
        }
    }

    /** Queues of an auto-created topic in every test: RocketMQ's default. */
    public static final int QUEUES = 4;

    public ServerSettings {
        delayLevels = List.copyOf(delayLevels);
    }

    /**
     * Auto-creation on, async flush, 4 queues, and all 18 delay levels at one second, so that retries
     * (which start at level 3 and climb a level per attempt) come back within seconds.
     */
    public static ServerSettings defaults() {
        return new ServerSettings(true, false, QUEUES, Collections.nCopies(18, "1s"), TransactionChecks.defaults());
    }

    public ServerSettings withoutTopicAutoCreation() {
        return new ServerSettings(false, syncFlush, defaultQueueNums, delayLevels, transactionChecks);
    }

    public ServerSettings withSyncFlush() {
        return new ServerSettings(autoCreateTopics, true, defaultQueueNums, delayLevels, transactionChecks);
    }

    /** Unresolved transactions checked every {@code interval} once {@code timeout} old, up to 15 times. */
    public ServerSettings withTransactionChecks(Duration interval, Duration timeout) {
        return new ServerSettings(autoCreateTopics, syncFlush, defaultQueueNums, delayLevels,
                new TransactionChecks(interval, timeout, 15));
    }

    /** The same settings with other delay levels, each in the {@code 1s} form both servers read. */
    public ServerSettings withDelayLevels(List<String> levels) {
        return new ServerSettings(autoCreateTopics, syncFlush, defaultQueueNums, levels, transactionChecks);
    }

    /** The levels as one line: {@code 1s 1s 1s}. */
    public String delayLevelLine() {
        return String.join(" ", delayLevels);
    }
}
