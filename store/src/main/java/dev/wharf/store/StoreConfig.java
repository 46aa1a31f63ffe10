package dev.wharf.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the store lays out and flushes its files.
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.builder(Path.of("data"))
 *         .flushPolicy(FlushPolicy.SYNC)
 *         .storeHost(new InetSocketAddress("10.0.0.7", 10911))
 *         .build();
 * }</pre>
 *
 * @param path the data directory
 * @param commitLogSegmentBytes size of one commit-log segment file; also bounds one record (or batch)
 * @param consumeQueueEntriesPerFile entries (20 bytes each) in one consume-queue file
 * @param flushPolicy when an append counts as done
 * @param flushInterval how often the background flusher forces dirty pages and writes the checkpoint
 * @param storeHost the address written into records' STOREHOST and offset message ids
 * @param maxGetBytes byte budget of one read (a first record larger than it is still returned)
 * @param maxScanEntries most consume-queue entries one read looks at, matched or not
 */
public record StoreConfig(
        Path path,
        int commitLogSegmentBytes,
        int consumeQueueEntriesPerFile,
        FlushPolicy flushPolicy,
        Duration flushInterval,
        InetSocketAddress storeHost,
        int maxGetBytes,
        int maxScanEntries) {

    public StoreConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(storeHost, "storeHost");
        if (commitLogSegmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("commit-log segments must be at least 64 KiB");
        }
        if (consumeQueueEntriesPerFile < 1 || consumeQueueEntriesPerFile > Integer.MAX_VALUE / 20) {
            throw new IllegalArgumentException("consume-queue files need between 1 and 107374182 entries");
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("the flush interval must be positive");
        }
        if (storeHost.isUnresolved()) {
            throw new IllegalArgumentException("the store host must be a resolved address: " + storeHost);
        }
        if (maxGetBytes < 1 || maxScanEntries < 1) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }

    /** A configuration with the default read limits (4 MiB, 16 000 entries). */
    public StoreConfig(Path path, int commitLogSegmentBytes, int consumeQueueEntriesPerFile, FlushPolicy flushPolicy,
            Duration flushInterval, InetSocketAddress storeHost) {
        this(path, commitLogSegmentBytes, consumeQueueEntriesPerFile, flushPolicy, flushInterval, storeHost,
                Builder.DEFAULT_MAX_GET_BYTES, Builder.DEFAULT_MAX_SCAN_ENTRIES);
    }

    /**
     * 256 MiB segments, 300 000 entries per consume-queue file, async flush every 500 ms, store host
     * 127.0.0.1:8080, reads of at most 4 MiB scanning at most 16 000 entries.
     */
    public static StoreConfig defaults(Path path) {
        return builder(path).build();
    }

    /** A builder starting from the {@linkplain #defaults defaults}. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        return new Builder(path)
                .commitLogSegmentBytes(commitLogSegmentBytes)
                .consumeQueueEntriesPerFile(consumeQueueEntriesPerFile)
                .flushPolicy(flushPolicy)
                .flushInterval(flushInterval)
                .storeHost(storeHost)
                .readLimits(maxGetBytes, maxScanEntries);
    }

    public StoreConfig withFlushPolicy(FlushPolicy policy) {
        return toBuilder().flushPolicy(policy).build();
    }

    public StoreConfig withSegmentBytes(int bytes) {
        return toBuilder().commitLogSegmentBytes(bytes).build();
    }

    public StoreConfig withStoreHost(InetSocketAddress host) {
        return toBuilder().storeHost(host).build();
    }

    /** Builds a {@link StoreConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final Path path;
        private int commitLogSegmentBytes = 256 * 1024 * 1024;
        private int consumeQueueEntriesPerFile = 300_000;
        private FlushPolicy flushPolicy = FlushPolicy.ASYNC;
        private Duration flushInterval = Duration.ofMillis(500);
        private InetSocketAddress storeHost = new InetSocketAddress("127.0.0.1", 8080);
        private static final int DEFAULT_MAX_GET_BYTES = 4 * 1024 * 1024;
        private static final int DEFAULT_MAX_SCAN_ENTRIES = 16_000;
        private int maxGetBytes = DEFAULT_MAX_GET_BYTES;
        private int maxScanEntries = DEFAULT_MAX_SCAN_ENTRIES;

        private Builder(Path path) {
            this.path = path;
        }

        public Builder commitLogSegmentBytes(int bytes) {
            this.commitLogSegmentBytes = bytes;
            return this;
        }

        public Builder consumeQueueEntriesPerFile(int entries) {
            this.consumeQueueEntriesPerFile = entries;
            return this;
        }

        public Builder flushPolicy(FlushPolicy policy) {
            this.flushPolicy = policy;
            return this;
        }

        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        public Builder storeHost(InetSocketAddress host) {
            this.storeHost = host;
            return this;
        }

        /** Caps one read at {@code maxBytes} of records and {@code maxEntries} scanned queue entries. */
        public Builder readLimits(int maxBytes, int maxEntries) {
            this.maxGetBytes = maxBytes;
            this.maxScanEntries = maxEntries;
            return this;
        }

        public StoreConfig build() {
            return new StoreConfig(path, commitLogSegmentBytes, consumeQueueEntriesPerFile, flushPolicy, flushInterval,
                    storeHost, maxGetBytes, maxScanEntries);
        }
    }
}
