package dev.wharf.compat.support;

import java.nio.file.Path;

/**
 * Launches the configured server (see {@link ServerLauncher#configured()}) with the same settings on the same
 * data directory, so every launch after the first is a restart.
 *
 * <pre>{@code
 * Restarts restarts = Restarts.in(workDir, ServerSettings.defaults().withSyncFlush());
 * try (MessagingServer victim = restarts.launch("MyTestBeforeKill")) { ... victim.kill(); }
 * try (MessagingServer restarted = restarts.launch("MyTestAfterRestart")) { ... }
 * }</pre>
 *
 * @param dataDir where every launch keeps its data
 */
public record Restarts(ServerSettings settings, Path dataDir) {

    /** Launches keeping their data in {@code workDir/data}. */
    public static Restarts in(Path workDir, ServerSettings settings) {
        return new Restarts(settings, workDir.resolve("data"));
    }

    /** @param label names the server's log file under the output directory */
    public MessagingServer launch(String label) {
        return ServerLauncher.configured().launch(settings, dataDir, label);
    }
}
