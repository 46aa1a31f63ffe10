package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessorTableTest {

    private static final Executor DIRECT = Runnable::run;

    private final ProcessorTable table = new ProcessorTable();
    private final RequestContext context = new RequestContext(new TestConnection(), 0L);
    private ThreadPoolExecutor pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownCodeIsAnsweredNotSupportedWithTheCodeInTheRemark() {
        RemotingCommand request = RemotingCommand.request(4242).opaque(7).build();

        RemotingCommand response = table.dispatch(context, request).join();

        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).contains("4242");
        assertThat(response.opaque()).isEqualTo(7);
        assertThat(response.isResponse()).isTrue();
    }

    @Test
    void responseGetsTheRequestsOpaqueAndTheResponseFlag() {
        table.registerProcessor(RequestCode.GET_MAX_OFFSET, (ctx, req) -> CompletableFuture.completedFuture(
                RemotingCommand.request(ResponseCode.SUCCESS).extField("offset", 42L).build()), DIRECT);

        RemotingCommand response = table.dispatch(context, RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                        .opaque(99)
                        .build())
                .join();

        assertThat(response.opaque()).isEqualTo(99);
        assertThat(response.isResponse()).isTrue();
        assertThat(response.extField("offset")).isEqualTo("42");
    }

    @Test
    void commandExceptionBecomesAnErrorResponseWithItsCode() {
        table.registerProcessor(RequestCode.SEND_MESSAGE, (ctx, req) -> {
            throw new RemotingCommandException(ResponseCode.TOPIC_NOT_EXIST, "topic orders does not exist");
        }, DIRECT);
        table.registerProcessor(RequestCode.PULL_MESSAGE, (ctx, req) -> CompletableFuture.failedFuture(
                new RemotingCommandException(ResponseCode.PULL_OFFSET_MOVED, "offset 9 moved")), DIRECT);

        RemotingCommand thrown = table.dispatch(context, RemotingCommand.request(RequestCode.SEND_MESSAGE).build())
                .join();
        RemotingCommand failed = table.dispatch(context, RemotingCommand.request(RequestCode.PULL_MESSAGE).build())
                .join();

        assertThat(thrown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(thrown.remark()).isEqualTo("topic orders does not exist");
        assertThat(failed.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
    }

    @Test
    void unexpectedFailureIsASystemError() {
        table.registerProcessor(RequestCode.HEART_BEAT, (ctx, req) -> {
            throw new IllegalStateException("boom");
        }, DIRECT);

        RemotingCommand response = table.dispatch(context, RemotingCommand.request(RequestCode.HEART_BEAT).build())
                .join();

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("boom");
    }

    @Test
    void fullExecutorAnswersSystemBusyInsteadOfDropping() throws InterruptedException {
        pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        CountDownLatch release = new CountDownLatch(1);
        table.registerProcessor(RequestCode.SEND_MESSAGE, (ctx, req) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(req, ResponseCode.SUCCESS).build());
        }, pool);

        CompletableFuture<RemotingCommand> running = table.dispatch(context, send(1));
        CompletableFuture<RemotingCommand> queued = table.dispatch(context, send(2));
        RemotingCommand rejected = table.dispatch(context, send(3)).join();
        release.countDown();

        assertThat(rejected.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(rejected.opaque()).isEqualTo(3);
        assertThat(running.join().code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(queued.join().code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void defaultProcessorServesCodesWithoutTheirOwn() {
        table.registerDefaultProcessor((ctx, req) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(req, ResponseCode.SUCCESS).remark("default").build()), DIRECT);

        RemotingCommand response = table.dispatch(context, RemotingCommand.request(777).build()).join();

        assertThat(table.supports(777)).isTrue();
        assertThat(response.remark()).isEqualTo("default");
    }

    @Test
    void nullAnswerMeansNoResponse() {
        table.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (ctx, req) -> null, DIRECT);

        assertThat(table.dispatch(context, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).oneway().build())
                        .join())
                .isNull();
    }

    private static RemotingCommand send(int opaque) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE).opaque(opaque).build();
    }
}
