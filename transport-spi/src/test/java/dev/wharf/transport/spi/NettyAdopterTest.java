package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyAdopterTest {

    private static final ProtocolType STOMP = ProtocolType.of("stomp");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportContext context = TransportContext.builder().ioThreads(1).meterRegistry(registry).build();
    private final ClosingOnDrain pipeline = new ClosingOnDrain();
    private final NettyAdopter adopter = new NettyAdopter(context, ServerConfig.of("127.0.0.1", 0), STOMP) {
        @Override
        public Optional<ProtocolDetector> detector() {
            return Optional.empty();
        }

        @Override
        public void start() {}

        @Override
        protected ChannelHandler connectionHandler() {
            return pipeline;
        }
    };

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void anAdoptedChannelIsCountedGroupedAndGetsTheProtocolsHandlerLast() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());

        CompletionStage<Void> adopted = adopter.adopt(channel);

        assertThat(adopted.toCompletableFuture()).isCompleted();
        assertThat(channel.pipeline().last()).isSameAs(pipeline);
        assertThat(channel.pipeline().get("connectionMetrics")).isNotNull();
        assertThat(adopter.channels().contains(channel)).isTrue();
        assertThat(openConnections()).isEqualTo(1);
    }

    @Test
    void closingGracefullyDrainsEachChannelThenClosesTheRest() {
        EmbeddedChannel draining = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        adopter.adopt(draining);

        adopter.closeGracefully(Duration.ofSeconds(5));

        assertThat(pipeline.drains).isEqualTo(1);
        assertThat(draining.isOpen()).isFalse();
        assertThat(openConnections()).isZero();
        EmbeddedChannel late = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        adopter.adopt(late);
        assertThat(late.isOpen()).as("the group stays closed").isFalse();
    }

    @Test
    void itsConnectionsDispatchToTheProcessorsRegisteredOnIt() {
        adopter.registerDefaultProcessor((ctx, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark("served").build()), Runnable::run);

        RemotingCommand response = adopter.processors()
                .dispatch(new RequestContext(new TestConnection(), 0), RemotingCommand.request(RequestCode.HEART_BEAT).build())
                .join();

        assertThat(response.remark()).isEqualTo("served");
    }

    private double openConnections() {
        return registry.get(ConnectionCounter.OPEN).tag(TransportMetrics.PROTOCOL_TAG, STOMP.name()).gauge().value();
    }

    /** Closes its channel when told to drain. */
    @ChannelHandler.Sharable
    private static final class ClosingOnDrain extends ChannelInboundHandlerAdapter {

        int drains;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof DrainEvent) {
                drains++;
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }
    }
}
