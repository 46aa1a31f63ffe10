package dev.wharf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code flushInterval}, forces the commit log (the ASYNC policy's durability) and the consume
 * queues, then records the progress in the checkpoint; once more at close.
 */
final class StoreFlusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFlusher.class);

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final Path checkpointFile;
    private final ScheduledExecutorService scheduler = StoreThreads.scheduled("wharf-store-flush");
    private StoreCheckpoint lastWritten;

    StoreFlusher(CommitLog commitLog, ConsumeQueueTable queues, Path checkpointFile, Duration interval) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.checkpointFile = checkpointFile;
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Forces everything readable so far and writes the checkpoint if it moved. */
    synchronized void flush() {
        // Queue entries of every record below this offset were written before it was published.
        long indexedEnd = commitLog.endOffset();
        commitLog.flush();
        queues.forEach(ConsumeQueue::flush);
        StoreCheckpoint checkpoint = new StoreCheckpoint(commitLog.flushedOffset(), indexedEnd);
        if (!checkpoint.equals(lastWritten)) {
            try {
                checkpoint.write(checkpointFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint " + checkpointFile, e);
            }
            lastWritten = checkpoint;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("periodic flush failed", e);
        }
    }

    /** Stops the schedule and flushes a last time. */
    @Override
    public void close() {
        StoreThreads.drain(scheduler);
        flush();
    }
}
