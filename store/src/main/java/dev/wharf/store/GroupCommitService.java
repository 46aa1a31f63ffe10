package dev.wharf.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYNC flush by group commit: appenders ask to be told when their end offset is durable; one thread
 * forces the commit log once for everything waiting (one {@code fsync} serves every append that arrived
 * during the previous one) and completes the waiters on a separate thread, so callers' continuations
 * never run on the flusher or under the append lock.
 */
final class GroupCommitService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);

    private record Waiter(long endOffset, CompletableFuture<Void> durable) {}

    private final CommitLog commitLog;
    private final BlockingQueue<Waiter> waiters = new LinkedBlockingQueue<>();
    private final ExecutorService completions = StoreThreads.single("wharf-store-sync-ack");
    private final Thread flusher;
    private volatile boolean running = true;

    GroupCommitService(CommitLog commitLog) {
        this.commitLog = commitLog;
        this.flusher = StoreThreads.named("wharf-store-group-commit").newThread(this::run);
        flusher.start();
    }

    /** Completes once every commit-log byte below {@code endOffset} is on the device. */
    CompletableFuture<Void> whenDurable(long endOffset) {
        if (commitLog.flushedOffset() >= endOffset) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        waiters.add(new Waiter(endOffset, durable));
        if (!running) {
            flushAndRelease(new ArrayList<>()); // close() already drained the queue; nobody else would answer this waiter
        }
        return durable;
    }

    private void run() {
        while (running) {
            try {
                Waiter first = waiters.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Waiter> batch = new ArrayList<>();
                    batch.add(first);
                    flushAndRelease(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Forces once for {@code batch} plus everyone queued behind it. */
    private synchronized void flushAndRelease(List<Waiter> batch) {
        waiters.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            commitLog.flush();
        } catch (RuntimeException e) {
            LOG.error("group commit failed", e);
            batch.forEach(waiter -> complete(() -> waiter.durable().completeExceptionally(e)));
            return;
        }
        long flushed = commitLog.flushedOffset();
        for (Waiter waiter : batch) {
            if (waiter.endOffset() <= flushed) {
                complete(() -> waiter.durable().complete(null));
            } else {
                waiters.add(waiter);
            }
        }
    }

    private void complete(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException closing) {
            completion.run();
        }
    }

    /** Stops the flusher after a last force for whoever still waits. */
    @Override
    public void close() {
        running = false;
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushAndRelease(new ArrayList<>());
        StoreThreads.drain(completions);
    }
}
