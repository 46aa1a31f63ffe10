package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.local.InProcessConnection;
import dev.wharf.transport.spi.local.LocalEndpoints;
import dev.wharf.transport.spi.local.LocalRemotingClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterNodeClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String OWN = "10.0.0.7:8080";
    private static final String OTHER = "10.0.0.8:8080";

    private final LocalEndpoints endpoints = new LocalEndpoints();
    private final List<RequestContext> seenByEmbeddedBroker = new CopyOnWriteArrayList<>();
    private final Network network = new Network();
    private final LocalRemotingClient inProcess = new LocalRemotingClient(endpoints);
    private final ClusterNodeClient client = new ClusterNodeClient(inProcess, "broker", network, "broker-a");
    private final List<RemotingCommand> receivedByEmbeddedBroker = new CopyOnWriteArrayList<>();
    private final RequestContext origin = new RequestContext(new InProcessConnection("a client"), 42L);

    ClusterNodeClientTest() {
        ProcessorTable broker = new ProcessorTable();
        broker.registerDefaultProcessor((context, request) -> {
            seenByEmbeddedBroker.add(context);
            receivedByEmbeddedBroker.add(request);
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                    .remark("embedded")
                    .build());
        }, Runnable::run);
        endpoints.bind("broker", broker);
    }

    @AfterEach
    void close() {
        inProcess.close();
    }

    @Test
    void commandsForItsOwnBrokerStayInTheProcessWithTheClientsConnection() {
        client.ownBrokerAt(OWN);

        RemotingCommand response = client.invoke(origin, OWN, pull(), TIMEOUT).join();

        assertThat(response.remark()).isEqualTo("embedded");
        assertThat(seenByEmbeddedBroker).containsExactly(origin);
        assertThat(receivedByEmbeddedBroker).allSatisfy(
                request -> assertThat(ClusterNodeClient.forwardedByNode(request)).isFalse());
        assertThat(network.sent).isEmpty();
    }

    @Test
    void commandsForOtherBrokersAndNameServersGoOverTheNetworkOnBehalfOfTheClientMarkedAsThisNodes() {
        client.ownBrokerAt(OWN);

        RemotingCommand response = client.invoke(origin, OTHER, pull(), TIMEOUT).join();
        client.invoke("10.0.0.9:9876", route(), TIMEOUT).join();

        assertThat(response.remark()).isEqualTo("network");
        assertThat(network.sent).containsExactly(
                new Sent(origin, OTHER, RequestCode.PULL_MESSAGE, "broker-a"),
                new Sent(null, "10.0.0.9:9876", RequestCode.GET_ROUTEINFO_BY_TOPIC, "broker-a"));
        assertThat(seenByEmbeddedBroker).isEmpty();
    }

    @Test
    void itsOwnRequestsAndOnewaysForItsOwnBrokerStayInTheProcessToo() {
        client.ownBrokerAt(OWN);

        client.invoke(OWN, route(), TIMEOUT).join();
        client.invokeOneway(OWN, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).oneway().build()).join();

        assertThat(seenByEmbeddedBroker).hasSize(2).doesNotContain(origin);
        assertThat(network.sent).isEmpty();
    }

    @Test
    void beforeItsAddressIsKnownEveryAddressIsAnothers() {
        client.invoke(origin, OWN, pull(), TIMEOUT).join();

        assertThat(network.sent).containsExactly(new Sent(origin, OWN, RequestCode.PULL_MESSAGE, "broker-a"));
        assertThat(seenByEmbeddedBroker).isEmpty();
    }

    @Test
    void requestsFromOtherBrokersAreServedOnTheNetworkClient() {
        RequestProcessor callbacks = (context, request) -> CompletableFuture.completedFuture(null);

        client.registerDefaultProcessor(callbacks, Runnable::run);

        assertThat(network.defaultProcessor).isSameAs(callbacks);
    }

    private static RemotingCommand pull() {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE).extField("bname", "broker-a").build();
    }

    private static RemotingCommand route() {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", "T").build();
    }

    record Sent(RequestContext origin, String address, int code, String fromNode) {}

    /** The network as recorded: every command answered SUCCESS with the remark "network". */
    private static final class Network implements RemotingClient {

        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile RequestProcessor defaultProcessor;

        @Override
        public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
            return invoke(null, address, request, timeout);
        }

        @Override
        public CompletableFuture<RemotingCommand> invoke(
                RequestContext origin, String address, RemotingCommand request, Duration timeout) {
            sent.add(new Sent(origin, address, request.code(), request.extField(ClusterNodeClient.FROM_NODE)));
            return CompletableFuture.completedFuture(
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark("network").build());
        }

        @Override
        public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
            sent.add(new Sent(null, address, request.code(), request.extField(ClusterNodeClient.FROM_NODE)));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
            throw new AssertionError("only the default processor is registered");
        }

        @Override
        public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
            defaultProcessor = processor;
        }

        @Override
        public void close() {
        }
    }
}
