package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.LogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the watcher reloads: after a change that held still for one look, once per change. */
class TlsFileWatcherTest {

    @TempDir
    Path dir;

    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicBoolean broken = new AtomicBoolean();
    private final LogLines log = new LogLines(TlsFileWatcher.class);

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void unchangedFilesAreNotReloaded() throws Exception {
        TlsFileWatcher watcher = watcher(Files.writeString(dir.resolve("a.crt"), "one"));

        watcher.poll();
        watcher.poll();

        assertThat(reloads).hasValue(0);
    }

    @Test
    void aChangeIsReloadedOnceItHeldStillForOneLook() throws Exception {
        Path file = Files.writeString(dir.resolve("a.crt"), "one");
        TlsFileWatcher watcher = watcher(file);

        Files.writeString(file, "two, longer");
        watcher.poll();
        assertThat(reloads).as("still being written, perhaps").hasValue(0);

        watcher.poll();
        assertThat(reloads).hasValue(1);

        watcher.poll();
        assertThat(reloads).hasValue(1);
    }

    @Test
    void aFileStillChangingWaitsUntilItStops() throws Exception {
        Path file = Files.writeString(dir.resolve("a.crt"), "one");
        TlsFileWatcher watcher = watcher(file);

        Files.writeString(file, "two, longer");
        watcher.poll();
        Files.writeString(file, "three, longer still");
        watcher.poll();
        assertThat(reloads).hasValue(0);

        watcher.poll();
        assertThat(reloads).hasValue(1);
    }

    @Test
    void aFailedReloadLogsOnceAndWaitsForTheNextChange() throws Exception {
        Path file = Files.writeString(dir.resolve("a.crt"), "one");
        TlsFileWatcher watcher = watcher(file);
        broken.set(true);

        Files.writeString(file, "broken!");
        watcher.poll();
        watcher.poll();
        watcher.poll();
        watcher.poll();

        assertThat(log.errors()).containsExactly("TLS files changed but cannot be used, still serving the previous "
                + "certificates: tls.certPath " + file + ": broken");

        broken.set(false);
        Files.writeString(file, "fixed at last");
        watcher.poll();
        watcher.poll();
        assertThat(reloads).hasValue(1);
    }

    @Test
    void aDeletedFileCountsAsAChange() throws Exception {
        Path file = Files.writeString(dir.resolve("a.crt"), "one");
        TlsFileWatcher watcher = watcher(file);

        Files.delete(file);
        watcher.poll();
        watcher.poll();

        assertThat(reloads).hasValue(1);
    }

    private TlsFileWatcher watcher(Path file) {
        return new TlsFileWatcher(List.of(file), () -> {
            if (broken.get()) {
                throw new IllegalArgumentException("tls.certPath " + file + ": broken");
            }
            reloads.incrementAndGet();
        }, Runnable::run);
    }
}
