package dev.wharf.transport.spi.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalRemotingClientTest {

    private final TransportContext context = TransportContext.builder().ioThreads(1).build();
    private final ProcessorTable broker = new ProcessorTable();

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void handsTheCommandObjectToTheBoundTableAndKeepsTheOrigin() {
        AtomicReference<RemotingCommand> seen = new AtomicReference<>();
        AtomicReference<Connection> origin = new AtomicReference<>();
        broker.registerProcessor(RequestCode.HEART_BEAT, (ctx, req) -> {
            seen.set(req);
            origin.set(ctx.connection());
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(req, ResponseCode.SUCCESS).build());
        }, Runnable::run);
        context.localEndpoints().bind("broker", broker);
        RemotingClient client = registry().createClient(ProtocolType.LOCAL, ClientOptions.defaults());
        RequestContext caller = new RequestContext(new InProcessConnection("caller"), 0L);
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT).opaque(3).build();

        RemotingCommand response = client.invoke(caller, "broker", request, Duration.ofSeconds(1)).join();

        assertThat(seen.get()).isSameAs(request);
        assertThat(origin.get()).isSameAs(caller.connection());
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.opaque()).isEqualTo(3);
    }

    @Test
    void unknownAddressFailsAsConnectFailure() {
        RemotingClient client = new LocalRemotingClient(context.localEndpoints());

        assertThatThrownBy(() -> client.invoke("nowhere", RemotingCommand.request(1).build(), Duration.ofSeconds(1))
                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RemotingConnectException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void slowProcessorTimesOut() {
        broker.registerProcessor(RequestCode.PULL_MESSAGE, (ctx, req) -> new CompletableFuture<>(), Runnable::run);
        context.localEndpoints().bind("broker", broker);
        RemotingClient client = new LocalRemotingClient(context.localEndpoints());

        assertThatThrownBy(() -> client.invoke(
                                "broker", RemotingCommand.request(RequestCode.PULL_MESSAGE).build(), Duration.ofMillis(50))
                        .join())
                .hasCauseInstanceOf(RemotingTimeoutException.class);
    }

    @Test
    void bindingOneAddressTwiceIsRefused() {
        context.localEndpoints().bind("broker", broker);

        assertThatThrownBy(() -> context.localEndpoints().bind("broker", new ProcessorTable()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broker");
    }

    @Test
    void autoFallsBackToRemotingAndUnknownProtocolsAreNamed() {
        assertThatThrownBy(() -> registry().createClient(ProtocolType.AUTO, ClientOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remoting");
        assertThatThrownBy(() -> registry().createClient(ProtocolType.of("mqtt"), ClientOptions.defaults()))
                .hasMessageContaining("mqtt");
    }

    @Test
    void twoProvidersForOneProtocolAreRefused() {
        assertThatThrownBy(() -> new TransportRegistry(
                        context, java.util.List.of(new LocalTransportProvider(), new LocalTransportProvider())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("local");
    }

    private TransportRegistry registry() {
        return TransportRegistry.load(context, getClass().getClassLoader());
    }
}
