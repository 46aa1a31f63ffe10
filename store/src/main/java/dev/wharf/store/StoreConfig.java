package dev.wharf.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the store lays out and flushes its files.
 *
 * @param path the data directory
 * @param commitLogSegmentBytes size of one commit-log segment file
 * @param consumeQueueEntriesPerFile entries (20 bytes each) in one consume-queue file
 * @param flushPolicy when an append counts as done
 * @param flushInterval how often the background flusher forces dirty pages
 * @param storeHost the address written into records' STOREHOST and offset message ids
 */
public record StoreConfig(
        Path path,
        int commitLogSegmentBytes,
        int consumeQueueEntriesPerFile,
        FlushPolicy flushPolicy,
        Duration flushInterval,
        InetSocketAddress storeHost) {

    public StoreConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(storeHost, "storeHost");
        if (commitLogSegmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("commit-log segments must be at least 64 KiB");
        }
        if (consumeQueueEntriesPerFile < 1) {
            throw new IllegalArgumentException("consume-queue files need at least one entry");
        }
    }

    /** 256 MiB segments, 300 000 entries per consume-queue file, async flush every 500 ms. */
    public static StoreConfig defaults(Path path) {
        return new StoreConfig(
                path,
                256 * 1024 * 1024,
                300_000,
                FlushPolicy.ASYNC,
                Duration.ofMillis(500),
                new InetSocketAddress("127.0.0.1", 8080));
    }

    public StoreConfig withFlushPolicy(FlushPolicy policy) {
        return new StoreConfig(path, commitLogSegmentBytes, consumeQueueEntriesPerFile, policy, flushInterval, storeHost);
    }

    public StoreConfig withSegmentBytes(int bytes) {
        return new StoreConfig(path, bytes, consumeQueueEntriesPerFile, flushPolicy, flushInterval, storeHost);
    }

    public StoreConfig withStoreHost(InetSocketAddress host) {
        return new StoreConfig(path, commitLogSegmentBytes, consumeQueueEntriesPerFile, flushPolicy, flushInterval, host);
    }
}
