package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessorTableMetricsTest {

    private static final Executor DIRECT = Runnable::run;
    private static final Executor FULL = task -> {
        throw new RejectedExecutionException("full");
    };

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ProcessorTable table =
            new ProcessorTable(new TransportMetrics(registry, MetricsExposition.notExported()));
    private final RequestContext remoting = new RequestContext(new TestConnection(), 0L);
    private final RequestContext grpc = new RequestContext(new TestConnection(ProtocolType.GRPC), 0L);

    @Test
    void countsSuccessAndErrorPerProtocolAndRequestName() {
        table.registerProcessor(RequestCode.SEND_MESSAGE_V2, (ctx, req) -> answer(req,
                req.extField("fail") == null ? ResponseCode.SUCCESS : ResponseCode.TOPIC_NOT_EXIST), DIRECT);

        table.dispatch(remoting, send()).join();
        table.dispatch(remoting, send()).join();
        table.dispatch(remoting, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).extField("fail", "y").build())
                .join();
        table.dispatch(grpc, send()).join();

        assertThat(requests("remoting", "SEND_MESSAGE_V2", "success")).isEqualTo(2);
        assertThat(requests("remoting", "SEND_MESSAGE_V2", "error")).isEqualTo(1);
        assertThat(requests("grpc", "SEND_MESSAGE_V2", "success")).isEqualTo(1);
        assertThat(registry.find(TransportMetrics.REQUESTS).tag("protocol", "grpc").tag("outcome", "error").counter())
                .isNull();
    }

    @Test
    void failuresRejectionsAndUnsupportedCodesAreErrors() {
        table.registerProcessor(RequestCode.HEART_BEAT, (ctx, req) -> {
            throw new IllegalStateException("boom");
        }, DIRECT);
        table.registerProcessor(RequestCode.SEND_MESSAGE, (ctx, req) -> answer(req, ResponseCode.SUCCESS), FULL);

        table.dispatch(remoting, RemotingCommand.request(RequestCode.HEART_BEAT).build()).join();
        table.dispatch(remoting, RemotingCommand.request(RequestCode.SEND_MESSAGE).build()).join();
        table.dispatch(remoting, RemotingCommand.request(RequestCode.GET_MAX_OFFSET).build()).join();

        assertThat(requests("remoting", "HEART_BEAT", "error")).isEqualTo(1);
        assertThat(requests("remoting", "SEND_MESSAGE", "error")).isEqualTo(1);
        assertThat(requests("remoting", "GET_MAX_OFFSET", "error")).isEqualTo(1);
    }

    @Test
    void codesWithoutANameShareOneSeries() {
        table.registerDefaultProcessor((ctx, req) -> answer(req, ResponseCode.SUCCESS), DIRECT);

        table.dispatch(remoting, RemotingCommand.request(4242).build()).join();
        table.dispatch(remoting, RemotingCommand.request(4343).build()).join();

        assertThat(requests("remoting", "other", "success")).isEqualTo(2);
        assertThat(registry.find(TransportMetrics.REQUESTS).tag("request", "4242").counter()).isNull();
    }

    @Test
    void emptyLongPollAnswersAndOnewayRequestsAreSuccesses() {
        table.registerProcessor(RequestCode.POP_MESSAGE, (ctx, req) -> answer(req, ResponseCode.POLLING_TIMEOUT),
                DIRECT);
        table.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (ctx, req) -> null, DIRECT);

        table.dispatch(remoting, RemotingCommand.request(RequestCode.POP_MESSAGE).build()).join();
        table.dispatch(remoting, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).oneway().build()).join();

        assertThat(requests("remoting", "POP_MESSAGE", "success")).isEqualTo(1);
        assertThat(requests("remoting", "UPDATE_CONSUMER_OFFSET", "success")).isEqualTo(1);
    }

    @Test
    void timesFromDispatchToAnswerSeparatingLongPolls() {
        CompletableFuture<RemotingCommand> sendAnswer = new CompletableFuture<>();
        CompletableFuture<RemotingCommand> popAnswer = new CompletableFuture<>();
        table.registerProcessor(RequestCode.SEND_MESSAGE_V2, (ctx, req) -> sendAnswer, DIRECT);
        table.registerProcessor(RequestCode.POP_MESSAGE, (ctx, req) -> popAnswer, DIRECT);

        CompletableFuture<RemotingCommand> sent = table.dispatch(remoting, send());
        CompletableFuture<RemotingCommand> popped =
                table.dispatch(remoting, RemotingCommand.request(RequestCode.POP_MESSAGE).build());
        clock.add(Duration.ofMillis(30));
        sendAnswer.complete(RemotingCommand.request(ResponseCode.SUCCESS).build());
        clock.add(Duration.ofSeconds(20));
        popAnswer.complete(RemotingCommand.request(ResponseCode.SUCCESS).build());
        sent.join();
        popped.join();

        Timer calls = duration("remoting", "call");
        Timer longPolls = duration("remoting", "long_poll");
        assertThat(calls.count()).isEqualTo(1);
        assertThat(calls.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30);
        assertThat(longPolls.count()).isEqualTo(1);
        assertThat(longPolls.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20_030);
    }

    @Test
    void aTableWithoutMetricsRegistersNothing() {
        ProcessorTable plain = new ProcessorTable();
        plain.registerProcessor(RequestCode.SEND_MESSAGE_V2, (ctx, req) -> answer(req, ResponseCode.SUCCESS), DIRECT);

        assertThat(plain.dispatch(remoting, send()).join().code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(registry.getMeters()).isEmpty();
    }

    private double requests(String protocol, String request, String outcome) {
        Counter counter = registry.find(TransportMetrics.REQUESTS)
                .tags("protocol", protocol, "request", request, "outcome", outcome)
                .counter();
        assertThat(counter).as("%s %s %s", protocol, request, outcome).isNotNull();
        return counter.count();
    }

    private Timer duration(String protocol, String kind) {
        return registry.get(TransportMetrics.REQUEST_DURATION).tags("protocol", protocol, "kind", kind).timer();
    }

    private static RemotingCommand send() {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).build();
    }

    private static CompletableFuture<RemotingCommand> answer(RemotingCommand request, int code) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, code).build());
    }
}
