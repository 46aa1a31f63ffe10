package dev.wharf.compat.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Kills a server (SIGKILL) in the middle of work a client does against it: the work runs step by step on
 * another thread, the kill comes once it made enough progress and while it is still running, and the work
 * then ends on the first step the kill makes fail. A step that fails before the kill fails the test.
 *
 * <pre>{@code
 * KillMidway.kill(victim, "send", MAX_SENDS, sequence -> send(sequence),
 *         "200 acknowledged sends", () -> acknowledged.size() >= 200);
 * }</pre>
 */
public final class KillMidway {

    /** One step of the work; throws once the server is gone. */
    @FunctionalInterface
    public interface Step {
        void run(int sequence) throws Exception;
    }

    private KillMidway() {}

    /**
     * Runs {@code step} for sequence 0, 1, ... (at most {@code maxSteps} steps) on another thread, kills
     * {@code victim} as soon as {@code progressed} holds (within {@link Waits#BOUND}), and returns once the
     * work ended.
     *
     * @param work names a step in failure messages ("send", "transaction")
     * @param progress names the progress awaited before the kill
     */
    public static void kill(MessagingServer victim, String work, int maxSteps, Step step, String progress,
            BooleanSupplier progressed) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> working =
                CompletableFuture.runAsync(() -> runUntilRefused(work, maxSteps, step, killed));

        Waits.atMostBound(progress).until(() -> progressed.getAsBoolean() || working.isDone());
        assertThat(working).as("the %s loop was still running when the kill came", work).isNotDone();
        killed.set(true);
        victim.kill();
        working.get(Waits.BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs steps until one fails after the kill; a failure before it ends the loop too and fails the future. */
    private static void runUntilRefused(String work, int maxSteps, Step step, AtomicBoolean killed) {
        for (int sequence = 0; sequence < maxSteps; sequence++) {
            try {
                step.run(sequence);
            } catch (Exception e) {
                if (killed.get()) {
                    return;
                }
                throw new IllegalStateException(work + " #" + sequence + " failed before the kill", e);
            }
        }
    }
}
