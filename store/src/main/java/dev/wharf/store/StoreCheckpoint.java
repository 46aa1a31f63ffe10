package dev.wharf.store;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the store is known to be on disk: every commit-log byte below {@code commitLogFlushedOffset}
 * is durable, and so is every consume-queue entry of the records below {@code consumeQueueFlushedOffset}.
 * Recovery trusts what lies before the smaller of the two and checks everything after it.
 *
 * @param commitLogFlushedOffset end of the durable commit log
 * @param consumeQueueFlushedOffset end of the commit log whose queue entries are durable
 */
record StoreCheckpoint(long commitLogFlushedOffset, long consumeQueueFlushedOffset) {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCheckpoint.class);
    private static final String COMMIT_LOG_KEY = "commitLogFlushedOffset";
    private static final String CONSUME_QUEUE_KEY = "consumeQueueFlushedOffset";

    /** Where recovery must start checking. */
    long trustedOffset() {
        return Math.min(commitLogFlushedOffset, consumeQueueFlushedOffset);
    }

    /** Reads a checkpoint; empty if there is none or it cannot be parsed (recovery then checks everything). */
    static Optional<StoreCheckpoint> read(Path file) throws IOException {
        Properties values = new Properties();
        try {
            values.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return Optional.of(new StoreCheckpoint(
                    Long.parseLong(values.getProperty(COMMIT_LOG_KEY)),
                    Long.parseLong(values.getProperty(CONSUME_QUEUE_KEY))));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (NumberFormatException unreadable) {
            LOG.warn("ignoring unreadable checkpoint {}; the whole commit log will be checked", file);
            return Optional.empty();
        }
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, COMMIT_LOG_KEY + "=" + commitLogFlushedOffset + "\n"
                + CONSUME_QUEUE_KEY + "=" + consumeQueueFlushedOffset + "\n");
    }
}
