package dev.wharf.transport.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a listener's certificates when their files change on disk. Every {@code interval} it looks at
 * each file's size, modification time and identity (a file replaced by a rename is a new file) — a
 * {@code stat}, cheap enough for an event loop's scheduler — and once a change has stayed the same for one
 * more look (so a certificate and key written one after the other are read together) it reloads on
 * {@code worker}, off the event loop. A reload that fails logs one ERROR naming the file and keeps
 * serving what was loaded before, until the files change again.
 */
final class TlsFileWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsFileWatcher.class);

    private final List<Path> files;
    private final Runnable reload;
    private final Executor worker;
    private final AtomicBoolean reloading = new AtomicBoolean();
    private List<Object> loaded;
    private List<Object> lastSeen;
    private ScheduledFuture<?> schedule;

    /**
     * @param files what to watch; the state they are in now counts as loaded
     * @param reload reads the files and swaps them in; throws, naming the file, when one cannot be used
     * @param worker where the reload runs
     */
    TlsFileWatcher(List<Path> files, Runnable reload, Executor worker) {
        this.files = List.copyOf(files);
        this.reload = Objects.requireNonNull(reload, "reload");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.loaded = snapshot();
        this.lastSeen = loaded;
    }

    /** Looks every {@code interval} on {@code scheduler} until closed. */
    TlsFileWatcher start(ScheduledExecutorService scheduler, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        schedule = scheduler.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One look at the files; reloads when they changed and stayed the same since the previous look. */
    synchronized void poll() {
        List<Object> now = snapshot();
        boolean settled = now.equals(lastSeen);
        lastSeen = now;
        if (now.equals(loaded) || !settled || !reloading.compareAndSet(false, true)) {
            return;
        }
        loaded = now;
        try {
            worker.execute(this::reloadNow);
        } catch (RejectedExecutionException e) {
            reloading.set(false);
            loaded = null; // try again at the next look
        }
    }

    private void reloadNow() {
        try {
            reload.run();
            log.info("TLS certificates reloaded from {}", files);
        } catch (RuntimeException e) {
            log.error("TLS files changed but cannot be used, still serving the previous certificates: {}",
                    e.getMessage());
        } finally {
            reloading.set(false);
        }
    }

    /** Size, modification time and file identity of each file; a marker for one that cannot be read. */
    private List<Object> snapshot() {
        List<Object> state = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                state.add(List.of(attributes.size(), attributes.lastModifiedTime(), String.valueOf(attributes.fileKey())));
            } catch (IOException e) {
                state.add("unreadable: " + e.getClass().getSimpleName());
            }
        }
        return state;
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
