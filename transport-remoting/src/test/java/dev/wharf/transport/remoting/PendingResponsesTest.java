package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RequestCode;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** However a waiting request ends, it leaves the table, so a busy connection does not leak. */
class PendingResponsesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final PendingResponses pending = new PendingResponses(loop.eventLoop(), loop.remoteAddress());

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    @Test
    void leavesOnResponse() {
        CompletableFuture<RemotingCommand> future = pending.register(1, RequestCode.HEART_BEAT, TIMEOUT);

        assertThat(pending.complete(response(1))).isTrue();

        assertThat(future).isCompleted();
        assertThat(pending.size()).isZero();
        assertThat(pending.complete(response(1))).as("a second answer finds nobody").isFalse();
    }

    @Test
    void leavesOnTimeout() {
        CompletableFuture<RemotingCommand> future = pending.register(2, RequestCode.HEART_BEAT, TIMEOUT);

        loop.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();

        assertThat(future).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
    }

    @Test
    void leavesOnFailureAndOnCancel() {
        CompletableFuture<RemotingCommand> failed = pending.register(3, RequestCode.HEART_BEAT, TIMEOUT);
        CompletableFuture<RemotingCommand> cancelled = pending.register(4, RequestCode.HEART_BEAT, TIMEOUT);
        CompletableFuture<RemotingCommand> dropped = pending.register(5, RequestCode.HEART_BEAT, TIMEOUT);

        pending.fail(3, new RemotingConnectException("write failed", null));
        cancelled.cancel(false);
        pending.failAll(() -> new RemotingConnectException("closed", null));

        assertThat(failed).isCompletedExceptionally();
        assertThat(dropped).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
    }

    @Test
    void aClosedConnectionWithNothingWaitingMakesNoException() {
        pending.failAll(() -> {
            throw new AssertionError("an exception made with no request to fail");
        });

        assertThat(pending.size()).isZero();
    }

    @Test
    void refusesAnOpaqueThatStillWaits() {
        pending.register(6, RequestCode.HEART_BEAT, TIMEOUT);

        CompletableFuture<RemotingCommand> again = pending.register(6, RequestCode.HEART_BEAT, TIMEOUT);

        assertThat(again).isCompletedExceptionally();
        assertThat(pending.size()).isOne();
    }

    private static RemotingCommand response(int opaque) {
        return RemotingCommand.responseTo(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(opaque).build(), 0)
                .build();
    }
}
