package dev.wharf.broker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One metadata file, replaced atomically: the new content goes to a temporary file beside it, is forced
 * to disk, then renamed over the old one. A crash leaves either the old or the new content, never a torn
 * mix. Owners of in-memory tables note changes with {@link #markChanged()} and write periodically with
 * {@link #writeIfChanged}, which skips the disk when nothing changed.
 *
 * <pre>{@code
 * MetadataFile offsets = new MetadataFile(dataDir.resolve("config/consumerOffsets.json"));
 * offsets.write(json);
 * Optional<byte[]> back = offsets.read();
 * }</pre>
 */
public final class MetadataFile {

    private final Path path;
    private final Path temporary;
    private final AtomicBoolean changed = new AtomicBoolean();

    public MetadataFile(Path path) {
        this.path = path;
        this.temporary = path.resolveSibling(path.getFileName() + ".tmp");
    }

    public Path path() {
        return path;
    }

    /** The content, or empty when the file was never written. */
    public Optional<byte[]> read() {
        try {
            return Files.exists(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Notes that the content this file holds changed in memory; the next {@link #writeIfChanged} writes it. */
    public void markChanged() {
        changed.set(true);
    }

    /**
     * Writes {@code content} if a change was noted since the last write. A change noted while writing is
     * written next time; a failed write keeps the change noted, so the next call retries.
     */
    public void writeIfChanged(Supplier<byte[]> content) {
        if (changed.getAndSet(false)) {
            try {
                write(content.get());
            } catch (RuntimeException e) {
                changed.set(true);
                throw e;
            }
        }
    }

    /** Replaces the content; synchronized so two writers never share the temporary file. */
    public synchronized void write(byte[] content) {
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveIntoPlace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private void moveIntoPlace() throws IOException {
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
