package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One Remoting channel's pipeline and connection, driven by hand: the peer is this test. */
class RemotingConnectionTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final ProcessorTable processors = new ProcessorTable();
    private final List<RemotingCommand> dispatched = new CopyOnWriteArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RemotingChannelInitializer(
            new ChannelSettings(1 << 20, IDLE_TIMEOUT),
            processors,
            Clock.systemUTC(),
            new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new InFlightRequests(),
            false, Optional.empty()));
    private final RemotingConnection connection = RemotingConnection.of(channel);

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void answersARequestThroughItsProcessorWithTheRequestsOpaque() {
        processors.registerProcessor(RequestCode.GET_MAX_OFFSET, (context, request) -> {
            dispatched.add(request);
            assertThat(context.connection()).isSameAs(connection);
            return CompletableFuture.completedFuture(
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("offset", 99L).build());
        }, Runnable::run);

        receive(RemotingCommand.request(RequestCode.GET_MAX_OFFSET).opaque(5).extField("topic", "t").build());
        RemotingCommand answer = sent();

        assertThat(dispatched).singleElement().satisfies(request -> assertThat(request.extField("topic")).isEqualTo("t"));
        assertThat(answer.isResponse()).isTrue();
        assertThat(answer.opaque()).isEqualTo(5);
        assertThat(answer.extFields()).containsExactly(entry("offset", "99"));
    }

    @Test
    void sendsNothingBackForAOnewayRequest() {
        processors.registerDefaultProcessor((context, request) -> {
            dispatched.add(request);
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        }, Runnable::run);

        receive(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).opaque(8).oneway().build());

        assertThat(dispatched).hasSize(1);
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void answersACodeWithoutProcessorAsNotSupported() {
        receive(RemotingCommand.request(4242).opaque(3).build());

        RemotingCommand answer = sent();
        assertThat(answer.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(answer.opaque()).isEqualTo(3);
        assertThat(answer.remark()).contains("4242");
    }

    @Test
    void completesEachInvokeWithTheResponseCarryingItsOpaque() {
        CompletableFuture<RemotingCommand> first = connection.invoke(request("first"), Duration.ofSeconds(3));
        CompletableFuture<RemotingCommand> second = connection.invoke(request("second"), Duration.ofSeconds(3));
        RemotingCommand firstSent = sent();
        RemotingCommand secondSent = sent();

        receive(answer(secondSent));
        receive(answer(firstSent));

        assertThat(firstSent.opaque()).isNotEqualTo(secondSent.opaque());
        assertThat(first).isCompletedWithValueMatching(response -> "first".equals(response.extField("echo")));
        assertThat(second).isCompletedWithValueMatching(response -> "second".equals(response.extField("echo")));
    }

    @Test
    void failsAnInvokeWithRemotingTimeoutExceptionOnceItsTimeoutPassesAndIgnoresTheLateAnswer() {
        CompletableFuture<RemotingCommand> response = connection.invoke(request("slow"), Duration.ofSeconds(3));
        RemotingCommand request = sent();

        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(response).isNotDone();

        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(response).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(RemotingTimeoutException.class)
                .withMessageContaining("PT3S");

        receive(answer(request));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void failsWaitingInvokesWithRemotingConnectExceptionWhenTheChannelCloses() {
        CompletableFuture<RemotingCommand> response = connection.invoke(request("never"), Duration.ofSeconds(3));

        channel.close();

        assertThat(response).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingConnectException.class);
    }

    @Test
    void failsAnInvokeOnAClosedChannelWithRemotingConnectException() {
        channel.close();

        CompletableFuture<RemotingCommand> response = connection.invoke(request("late"), Duration.ofSeconds(3));

        assertThat(response).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingConnectException.class);
    }

    @Test
    void sendsARequestAsOnewayWithAnOpaqueOfItsOwn() {
        CompletableFuture<Void> written = connection.send(
                RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).opaque(0).build());
        connection.send(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).opaque(0).build());

        RemotingCommand first = sent();
        RemotingCommand second = sent();
        assertThat(written).isCompleted();
        assertThat(first.isOneway()).isTrue();
        assertThat(first.opaque()).isNotEqualTo(second.opaque());
    }

    @Test
    void sendsAResponseUntouched() {
        RemotingCommand response = RemotingCommand.responseTo(RemotingCommand.request(34).opaque(77).build(), 0).build();

        connection.send(response);

        RemotingCommand sent = sent();
        assertThat(sent.opaque()).isEqualTo(77);
        assertThat(sent.flag()).isEqualTo(RemotingCommand.RESPONSE_FLAG);
    }

    @Test
    void exposesTheChannelAndItsAttributes() {
        AttributeKey<String> clientId = AttributeKey.valueOf("test.clientId");

        connection.attr(clientId).set("10.0.0.7@4711");

        assertThat(channel.attr(clientId).get()).isEqualTo("10.0.0.7@4711");
        assertThat(connection.hasAttr(clientId)).isTrue();
        assertThat(connection.protocol()).isEqualTo(ProtocolType.REMOTING);
        assertThat(connection.remoteAddress()).isEqualTo(channel.remoteAddress());
        assertThat(connection.id()).startsWith("remoting-");
        assertThat(connection.isActive()).isTrue();
    }

    @Test
    void closesAConnectionThatStaysIdle() {
        try (LogLines log = new LogLines(RemotingInboundHandler.class)) {
            channel.advanceTimeBy(IDLE_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();

            assertThat(channel.isOpen()).isFalse();
            assertThat(log.lines(Level.INFO)).singleElement().asString().contains("idle", connection.id());
        }
    }

    private static RemotingCommand request(String echo) {
        return RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).extField("echo", echo).build();
    }

    private static RemotingCommand answer(RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("echo", request.extField("echo")).build();
    }

    private void receive(RemotingCommand command) {
        channel.writeInbound(Frames.encode(command));
    }

    private RemotingCommand sent() {
        ByteBuf frame = channel.readOutbound();
        assertThat(frame).as("a frame was sent").isNotNull();
        return Frames.decode(frame);
    }
}
