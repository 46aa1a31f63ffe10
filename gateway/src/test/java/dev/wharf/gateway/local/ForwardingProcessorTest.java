package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.local.LocalEndpoints;
import dev.wharf.transport.spi.local.LocalRemotingClient;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class ForwardingProcessorTest {

    private static final Executor DIRECT = Runnable::run;

    private final LocalEndpoints endpoints = new LocalEndpoints();
    private final ProcessorTable broker = new ProcessorTable();
    private final List<RequestContext> seenByBroker = new CopyOnWriteArrayList<>();
    private final ProcessorTable listener = new ProcessorTable();
    private final RequestContext client = new RequestContext(clientConnection(), 42L);

    ForwardingProcessorTest() {
        broker.registerDefaultProcessor((context, request) -> {
            seenByBroker.add(context);
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                    .extField("answeredCode", request.code())
                    .build());
        }, DIRECT);
        listener.registerDefaultProcessor(
                new ForwardingProcessor(new LocalRemotingClient(endpoints), "broker", Duration.ofSeconds(5)), DIRECT);
    }

    /**
     * A connection known only by its identity: forwarding must hand it to the broker untouched, and any
     * call on it from the forwarding path would be a mistake.
     */
    private static Connection clientConnection() {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) ->
                        switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "toString" -> "client connection";
                            default -> throw new AssertionError("the forwarder used the connection: " + method);
                        });
    }

    @Test
    void theBrokerAnswersAndSeesTheClientsOwnConnection() {
        endpoints.bind("broker", broker);
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).opaque(7).build();

        RemotingCommand response = listener.dispatch(client, request).join();

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.opaque()).isEqualTo(7);
        assertThat(response.extField("answeredCode")).isEqualTo(String.valueOf(RequestCode.GET_ROUTEINFO_BY_TOPIC));
        assertThat(seenByBroker).containsExactly(client);
    }

    @Test
    void aOnewayRequestReachesTheBrokerWithTheClientsConnectionAndGetsNoAnswer() {
        endpoints.bind("broker", broker);
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).oneway().build();

        RemotingCommand response = listener.dispatch(client, request).join();

        assertThat(response).isNull();
        assertThat(seenByBroker).containsExactly(client);
    }

    @Test
    void aBrokerThatIsNotThereIsASystemErrorWithARemark() {
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT).opaque(9).build();

        RemotingCommand response = listener.dispatch(client, request).join();

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.opaque()).isEqualTo(9);
        assertThat(response.remark()).startsWith("the broker did not answer: no in-process endpoint at broker");
    }
}
