package dev.wharf.transport.grpc.service;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * An executor for the continuations of broker answers: the business pool, so that turning records into
 * responses never runs on whichever thread (an I/O loop, the broker's) completed the answer; or the
 * calling thread when the pool is full, because an answer already taken from the broker must reach the
 * client.
 */
final class OnPool implements Executor {

    private final ExecutorService pool;

    OnPool(ExecutorService pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException full) {
            task.run();
        }
    }
}
