package dev.wharf.gateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one configuration file and runs an action once it has stopped changing for a while: editors
 * write a file in several steps (truncate, write, rename), and one reload should follow, not several. The
 * folder is watched, not the file, so a file replaced by rename is seen too.
 */
final class ConfigFileWatcher implements AutoCloseable {

    /** How long the file must stay unchanged before the action runs. */
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);

    private final Path file;
    private final WatchService watcher;
    private final ScheduledExecutorService actions;
    private final Runnable onChange;
    private ScheduledFuture<?> pending;

    private ConfigFileWatcher(Path file, WatchService watcher, ScheduledExecutorService actions, Runnable onChange) {
        this.file = file;
        this.watcher = watcher;
        this.actions = actions;
        this.onChange = onChange;
    }

    /**
     * Starts watching {@code file}; {@code onChange} runs on {@code actions} {@link #DEBOUNCE} after the last
     * change.
     */
    static ConfigFileWatcher start(Path file, ScheduledExecutorService actions, Runnable onChange) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            absolute.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            ConfigFileWatcher watcher = new ConfigFileWatcher(absolute, service, actions, onChange);
            Thread thread = new Thread(watcher::watch, "wharf-config-watch");
            thread.setDaemon(true);
            thread.start();
            log.info("watching {} for listener changes", absolute);
            return watcher;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + absolute, e);
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream()
                        .map(WatchEvent::context)
                        .anyMatch(changed -> changed instanceof Path name && name.equals(file.getFileName()));
                key.reset();
                if (ours) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = actions.schedule(onChange, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
