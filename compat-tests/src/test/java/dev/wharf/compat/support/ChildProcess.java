package dev.wharf.compat.support;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM (or any program) started for a test: its merged stdout/stderr copied line by line to a log file,
 * start-up complete once given lines have appeared, stopped with SIGTERM or killed with SIGKILL.
 */
final class ChildProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final CompletableFuture<List<MatchResult>> ready = new CompletableFuture<>();

    private ChildProcess(String name, Process process, Path logFile, List<Pattern> readyLines) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        Thread pump = new Thread(() -> copyOutput(readyLines), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code command} in {@code workingDir} (so relative paths it writes stay out of the source tree)
     * and waits until, for each of {@code readyLines}, a line of its output matched it (a line counts for one pattern
     * only: the first still waiting that it matches).
     *
     * @return the started process and the first match of each ready line, in the order of {@code readyLines}
     * @throws IllegalStateException when it exits first or stays silent too long; the message names the log
     */
    static Started start(String name, List<String> command, Map<String, String> environment, Path workingDir,
            Path logFile, List<Pattern> readyLines) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ChildProcess child;
        try {
            child = new ChildProcess(name, builder.start(), logFile, readyLines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        try {
            return new Started(child, child.ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            child.kill();
            throw new IllegalStateException(name + " did not print lines matching " + readyLines + " within "
                    + READY_TIMEOUT.toSeconds() + " s (" + e.getMessage() + "); its output is in " + logFile, e);
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, then waits; a process that ignores it is killed and reported. Through the process handle, because
     * {@link Process#destroy()} also closes the output pipe, and the log would lose what the process says while
     * it shuts down.
     */
    void stop() {
        process.toHandle().destroy();
        if (!waitForExit()) {
            kill();
            throw new AssertionError(name + " did not exit within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM; output in " + logFile);
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()}), then waits for the exit. */
    void kill() {
        process.destroyForcibly();
        if (!waitForExit()) {
            throw new AssertionError(name + " survived SIGKILL for " + STOP_TIMEOUT.toSeconds() + " s");
        }
    }

    private boolean waitForExit() {
        try {
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void copyOutput(List<Pattern> readyLines) {
        MatchResult[] matches = new MatchResult[readyLines.size()];
        try (BufferedReader output = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = output.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                if (!ready.isDone() && matchesLastMissing(readyLines, matches, line)) {
                    ready.complete(List.of(matches));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException(name + " closed its output (exit code "
                + exitCodeOrUnknown() + ")"));
    }

    /**
     * Records {@code line} as the match of the first ready line still missing that it matches, so that equal
     * patterns take successive lines in order; whether none is missing now.
     */
    private static boolean matchesLastMissing(List<Pattern> readyLines, MatchResult[] matches, String line) {
        boolean recorded = false;
        boolean complete = true;
        for (int i = 0; i < matches.length; i++) {
            if (matches[i] == null) {
                Matcher matcher = readyLines.get(i).matcher(line);
                if (!recorded && matcher.find()) {
                    matches[i] = matcher.toMatchResult();
                    recorded = true;
                } else {
                    complete = false;
                }
            }
        }
        return complete;
    }

    private String exitCodeOrUnknown() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The command of the JVM running these tests, so children use the same Java. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The file the child's output is copied to, line by line as it comes. */
    Path logFile() {
        return logFile;
    }

    /**
     * @param process the running child
     * @param readyLines what matched each ready pattern, in the order of the patterns
     */
    record Started(ChildProcess process, List<MatchResult> readyLines) {}
}
