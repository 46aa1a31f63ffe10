package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The producer driver with a fake client: counting, limits, failures and async completion, whatever the client. */
class ProducerLoadTest {

    private static final LoadTarget TARGET = new LoadTarget(LoadTarget.Protocol.GRPC, "127.0.0.1:1", false, "t");

    private final ExecutorService acknowledger = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopAcknowledger() {
        acknowledger.shutdownNow();
    }

    private static ProduceSettings settings(SendMode mode, long messageLimit) {
        // A minute of measured time that the message limit always ends first.
        return new ProduceSettings(TARGET, "", 16, 4, Duration.ZERO, Duration.ofMinutes(1), messageLimit, mode, 8,
                Duration.ofSeconds(3));
    }

    @Test
    void stopsAfterTheMessageLimitOverAllThreads() throws Exception {
        FakeSender sender = new FakeSender(send -> CompletableFuture.completedFuture(null));

        ProduceReport report = new ProducerLoad(settings(SendMode.SYNC, 50)).run(sender.opener());

        assertThat(sender.sends.get()).isEqualTo(50);
        assertThat(report.acknowledged()).isEqualTo(50);
        assertThat(report.throughput().messages()).isEqualTo(50);
        assertThat(report.throughput().bytes()).isEqualTo(50 * 16);
        assertThat(report.sendLatency().count()).isEqualTo(50);
        assertThat(report.errors()).isZero();
        assertThat(sender.closed).isTrue();
    }

    @Test
    void countsFailedSendsAndKeepsTheFirstError() throws Exception {
        FakeSender sender = new FakeSender(send -> send % 2 == 0
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException("refused " + send)));

        ProduceReport report = new ProducerLoad(settings(SendMode.SYNC, 20)).run(sender.opener());

        assertThat(report.acknowledged()).isEqualTo(10);
        assertThat(report.errors()).isEqualTo(10);
        assertThat(report.firstError()).startsWith("java.lang.IllegalStateException: refused ");
        assertThat(report.throughput().messages()).isEqualTo(10);
    }

    @Test
    void asyncSendsAcknowledgedLaterAreAllAwaitedBeforeTheReport() throws Exception {
        FakeSender sender = new FakeSender(send -> CompletableFuture.runAsync(() -> {}, acknowledger));

        ProduceReport report = new ProducerLoad(settings(SendMode.ASYNC, 200)).run(sender.opener());

        assertThat(report.acknowledged()).isEqualTo(200);
        assertThat(report.errors()).isZero();
    }

    @Test
    void asyncFailuresNameTheirCauseNotTheFutureWrapper() throws Exception {
        FakeSender sender = new FakeSender(send -> CompletableFuture.failedFuture(
                new CompletionException(new IllegalArgumentException("too large"))));

        ProduceReport report = new ProducerLoad(settings(SendMode.ASYNC, 5)).run(sender.opener());

        assertThat(report.errors()).isEqualTo(5);
        assertThat(report.firstError()).isEqualTo("java.lang.IllegalArgumentException: too large");
    }

    /** Answers the n-th send (from 0) with what {@code outcome} gives for n. */
    private static final class FakeSender implements MessageSender {

        private final IntFunction<CompletableFuture<Void>> outcome;
        private final AtomicInteger sends = new AtomicInteger();
        private volatile boolean closed;

        FakeSender(IntFunction<CompletableFuture<Void>> outcome) {
            this.outcome = outcome;
        }

        MessageSender.Opener opener() {
            return (settings, body) -> {
                assertThat(body).hasSize(settings.messageBytes());
                return this;
            };
        }

        @Override
        public void send() throws Exception {
            try {
                sendAsync().join();
            } catch (CompletionException e) {
                throw (Exception) e.getCause();
            }
        }

        @Override
        public CompletableFuture<Void> sendAsync() {
            return outcome.apply(sends.getAndIncrement());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
