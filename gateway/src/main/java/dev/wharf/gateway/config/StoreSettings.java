package dev.wharf.gateway.config;

import dev.wharf.store.FlushPolicy;
import dev.wharf.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the embedded broker keeps its data.
 *
 * <pre>{@code
 * store:
 *   path: ./data
 *   flush: async
 *   flushInterval: 500ms
 *   segmentSize: 256MiB
 * }</pre>
 *
 * @param path the data directory, relative to the working directory unless absolute
 * @param flush {@code async}: acknowledge once in the mapped file; {@code sync}: only once on disk
 * @param flushInterval how often the background flusher forces written pages to disk
 * @param segmentSize bytes in one commit-log segment file
 */
public record StoreSettings(Path path, FlushPolicy flush, Duration flushInterval, long segmentSize) {

    /** {@code ./data}: under the working directory. */
    public static final Path DEFAULT_PATH = Path.of("./data");
    /** The smallest segment the store accepts. */
    public static final long MIN_SEGMENT_SIZE = 64L << 10;
    /** The largest segment: one mapped buffer. */
    public static final long MAX_SEGMENT_SIZE = 1L << 30;

    public StoreSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(flush, "flush");
        Objects.requireNonNull(flushInterval, "flushInterval");
    }

    /** {@code ./data} and the store's own defaults: async flush every 500 ms, 256 MiB segments. */
    public static StoreSettings defaults() {
        StoreConfig store = StoreConfig.defaults(DEFAULT_PATH);
        return new StoreSettings(DEFAULT_PATH, store.flushPolicy(), store.flushInterval(), store.commitLogSegmentBytes());
    }
}
