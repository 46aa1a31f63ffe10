package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import dev.wharf.transport.spi.TestConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client channel opened for an origin, driven by hand: the server is this test, the origin a double. */
class OriginRelayTest {

    private final ProcessorTable processors = new ProcessorTable();
    private final AtomicInteger dispatched = new AtomicInteger();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RemotingChannelInitializer(
            new ChannelSettings(1 << 20, Duration.ofSeconds(60)), processors, Clock.systemUTC(),
            new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new InFlightRequests(), false,
            Optional.empty()));
    private final RemotingConnection connection = RemotingConnection.of(channel);
    private final TestConnection origin = new TestConnection();

    OriginRelayTest() {
        processors.registerDefaultProcessor((context, request) -> {
            dispatched.incrementAndGet();
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        }, Runnable::run);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void answersTheServerWithTheOriginsAnswerUnderTheServersOpaque() {
        OriginRelay.bind(connection, origin);
        origin.answering(request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .opaque(4242)
                .serializeType(SerializeType.ROCKETMQ)
                .remark("running")
                .build());
        RemotingCommand question = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .opaque(17).extField("consumerGroup", "billing").extField("clientId", "10.0.0.7@1").build();

        ByteBuf frame = Frames.encode(question);
        // In two pieces, as TCP may deliver it.
        channel.writeInbound(frame.readRetainedSlice(7));
        channel.writeInbound(frame);
        RemotingCommand answer = Frames.decode(channel.readOutbound());

        assertThat(origin.pushed()).singleElement().satisfies(relayed -> {
            assertThat(relayed.code()).isEqualTo(RequestCode.GET_CONSUMER_RUNNING_INFO);
            assertThat(relayed.extField("consumerGroup")).isEqualTo("billing");
        });
        assertThat(answer.isResponse()).isTrue();
        assertThat(answer.opaque()).isEqualTo(17);
        assertThat(answer.remark()).isEqualTo("running");
        assertThat(answer.serializeType()).isEqualTo(SerializeType.JSON);
        assertThat(dispatched).hasValue(0);
    }

    @Test
    void sendsAOnewayRequestOnAndAnswersNothing() {
        OriginRelay.bind(connection, origin);

        channel.writeInbound(Frames.encode(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .opaque(3).oneway().extField("transactionId", "tx-1").body(new byte[] {1, 2, 3}).build()));

        assertThat(origin.pushed()).singleElement().satisfies(relayed -> {
            assertThat(relayed.code()).isEqualTo(RequestCode.CHECK_TRANSACTION_STATE);
            assertThat(relayed.extField("transactionId")).isEqualTo("tx-1");
            assertThat(relayed.body()).containsExactly(1, 2, 3);
        });
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void answersSystemErrorNamingTheOriginWhenItCannotAnswer() {
        OriginRelay.bind(connection, origin);
        origin.answering(request -> {
            throw new IllegalStateException("client gone");
        });

        channel.writeInbound(Frames.encode(
                RemotingCommand.request(RequestCode.CONSUME_MESSAGE_DIRECTLY).opaque(9).build()));
        RemotingCommand answer = Frames.decode(channel.readOutbound());

        assertThat(answer.opaque()).isEqualTo(9);
        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(answer.remark()).contains(origin.id()).contains("CONSUME_MESSAGE_DIRECTLY").contains("client gone");
    }

    @Test
    void leavesAConnectionWithoutOriginToTheProcessors() {
        channel.writeInbound(Frames.encode(
                RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).opaque(5).build()));

        assertThat(Frames.decode(channel.readOutbound()).opaque()).isEqualTo(5);
        assertThat(dispatched).hasValue(1);
        assertThat(origin.pushed()).isEmpty();
    }
}
