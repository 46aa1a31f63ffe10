package dev.wharf.microbench;

import dev.wharf.store.FlushPolicy;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MessageStore#put} of 1 KiB messages with asynchronous flush: the append path a send takes in
 * Local mode (record encoding, commit-log write into mapped segments, consume-queue entry), waited for
 * one at a time. Segments are small (16 MiB) so that segment roll-over is part of what is measured; every
 * iteration starts with a fresh store in a temporary directory, which bounds the disk a run uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommitLogAppendBenchmark {

    static final int BODY_BYTES = 1024;
    static final int SEGMENT_BYTES = 16 * 1024 * 1024;
    static final int QUEUES = 8;

    private Path directory;
    private MessageStore store;
    private MessageRecord[] records;

    @Setup(Level.Iteration)
    public void openStore() throws IOException {
        directory = Files.createTempDirectory("wharf-append-bench");
        store = MessageStore.open(StoreConfig.builder(directory)
                .commitLogSegmentBytes(SEGMENT_BYTES)
                .flushPolicy(FlushPolicy.ASYNC)
                .flushInterval(Duration.ofMillis(500))
                .build());
        byte[] body = new byte[BODY_BYTES];
        ThreadLocalRandom.current().nextBytes(body);
        records = new MessageRecord[QUEUES];
        for (int queue = 0; queue < QUEUES; queue++) {
            records[queue] = MessageRecord.builder("benchmark-topic", queue)
                    .body(body)
                    .property("UNIQ_KEY", "7F000001A1B218B4AAC2581E2D5F000" + queue)
                    .property("WAIT", "true")
                    .build();
        }
    }

    @TearDown(Level.Iteration)
    public void deleteStore() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(CommitLogAppendBenchmark::delete);
        }
    }

    /** One producer thread: append and wait for the acknowledgement. */
    @Benchmark
    @Threads(1)
    public PutResult putOneThread() {
        return put();
    }

    /** Four producer threads, as in the end-to-end benchmark, contending for the append lock. */
    @Benchmark
    @Threads(4)
    public PutResult putFourThreads() {
        return put();
    }

    PutResult put() {
        return store.put(records[ThreadLocalRandom.current().nextInt(QUEUES)]).join();
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
