package dev.wharf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Creates commit-log segments one step ahead: whenever the writer takes segment N, segment N+1 is
 * created, mapped and warmed on a background thread, so rolling over never pays the page faults of a
 * fresh mapping on the append path. Called by the single writer only.
 */
final class SegmentPreallocator implements SegmentedFile.SegmentFactory, AutoCloseable {

    private final ExecutorService executor = StoreThreads.single("wharf-store-preallocate");
    private CompletableFuture<MappedSegment> next;
    private long nextStart = -1;

    @Override
    public MappedSegment create(Path file, long startOffset, int size) throws IOException {
        MappedSegment segment;
        if (next != null && nextStart == startOffset) {
            segment = take(next);
            next = null;
        } else {
            discardNext();
            segment = createWarm(file, startOffset, size);
        }
        prepare(file.resolveSibling(SegmentedFile.fileName(startOffset + size)), startOffset + size, size);
        return segment;
    }

    /** Starts creating and warming the segment at {@code startOffset} in the background. */
    void prepare(Path file, long startOffset, int size) {
        discardNext();
        nextStart = startOffset;
        next = CompletableFuture.supplyAsync(() -> {
            try {
                return createWarm(file, startOffset, size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    /** A new segment never inherits bytes: a stray file of the same name is garbage from a crash. */
    private static MappedSegment createWarm(Path file, long startOffset, int size) throws IOException {
        Files.deleteIfExists(file);
        MappedSegment segment = MappedSegment.open(file, startOffset, size);
        segment.warm();
        return segment;
    }

    private static MappedSegment take(CompletableFuture<MappedSegment> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw failed;
        }
    }

    private void discardNext() {
        if (next != null) {
            next.thenAccept(MappedSegment::delete);
            next = null;
            nextStart = -1;
        }
    }

    /** Stops the thread; a segment prepared but not taken is closed and left on disk, empty. */
    @Override
    public void close() {
        if (next != null) {
            next.thenAccept(MappedSegment::close);
        }
        executor.shutdown();
    }
}
