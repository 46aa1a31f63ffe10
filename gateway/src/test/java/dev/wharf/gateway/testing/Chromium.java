package dev.wharf.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium (installed by {@code .ci/install-chromium}) with the DevTools protocol on a free
 * port, a throw-away profile, and nothing that phones home. Closing it ends the process and deletes the profile.
 */
public final class Chromium implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final URI devTools;

    private Chromium(Process process, Path profile, URI devTools) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
    }

    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Starts Chromium and waits (up to 30 s) for the DevTools address it prints on stderr. */
    public static Chromium start() throws IOException {
        Path profile = Files.createTempDirectory("wharf-chromium");
        Process process = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStderr(process, address), "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Chromium(process, profile, address.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            delete(profile);
            throw new IOException("Chromium did not print its DevTools address: " + e, e);
        }
    }

    /** The browser's DevTools WebSocket address. */
    public URI devTools() {
        return devTools;
    }

    /** Keeps draining stderr, so Chromium never blocks on a full pipe, and picks out the DevTools address. */
    private static void readStderr(Process process, CompletableFuture<URI> address) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher found = DEVTOOLS.matcher(line);
                if (found.find()) {
                    address.complete(URI.create(found.group(1)));
                }
            }
            address.completeExceptionally(new IOException("Chromium exited with " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            address.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        // Its renderer and helper processes first, while they can still be found as its descendants.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        delete(profile);
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
