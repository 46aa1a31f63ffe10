package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.Broker;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.QueryOffsetPolicy;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.Resource;
import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.PluginSettings;
import dev.wharf.gateway.plugins.PluginJars;
import dev.wharf.gateway.testing.RawRemotingSocket;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners changed on a running gateway: every change is made while a plain Remoting connection to the
 * unchanged {@code remoting} listener stays open and keeps being answered. A removed listener's requests in
 * progress are answered before it closes, over Remoting and over gRPC.
 */
class ListenerReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ListenerConfig EXTRA =
            new ListenerConfig("extra", "127.0.0.1", 0, List.of(ProtocolType.REMOTING));

    @TempDir
    Path dir;

    private GatewayConfig base;
    private LocalGateway gateway;
    private RawRemotingSocket connected;

    @BeforeEach
    void start() throws IOException {
        base = TestGateway.config(dir.resolve("data")).withPlugins(new PluginSettings(dir.resolve("plugins")));
        gateway = LocalGateway.start(base);
        connected = new RawRemotingSocket(port("remoting"));
        assertStillServed();
    }

    @AfterEach
    void stop() throws IOException {
        connected.close();
        gateway.close();
    }

    @Test
    void anAddedListenerIsBoundAndARemovedOneStopsAccepting() throws IOException {
        ListenerChanges added = gateway.reload(with(EXTRA));

        assertThat(added.added()).containsExactly("extra");
        assertThat(added.unchanged()).containsExactly("remoting");
        int extraPort = port("extra");
        try (RawRemotingSocket extra = new RawRemotingSocket(extraPort)) {
            assertThat(extra.call(RequestCode.GET_BROKER_CLUSTER_INFO)).isEqualTo(ResponseCode.SUCCESS);
        }
        assertStillServed();

        ListenerChanges removed = gateway.reload(base);

        assertThat(removed.removed()).containsExactly("extra");
        assertThat(refusesConnections(extraPort)).isTrue();
        assertThat(gateway.listeners()).extracting(BoundListener::name).containsExactly("remoting");
        assertStillServed();
    }

    @Test
    void aProtocolEnabledOnAListenerReplacesIt() throws Exception {
        gateway.reload(with(EXTRA));

        ListenerChanges changed = gateway.reload(with(new ListenerConfig(
                "extra", "127.0.0.1", 0, List.of(ProtocolType.REMOTING, ProtocolType.HTTP))));

        assertThat(changed.changed()).containsExactly("extra");
        assertThat(changed.unchanged()).containsExactly("remoting");
        BoundListener extra = gateway.listeners().get(1);
        assertThat(extra.protocols()).isEqualTo("remoting+http");
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + extra.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        try (RawRemotingSocket remoting = new RawRemotingSocket(extra.port())) {
            assertThat(remoting.call(RequestCode.GET_BROKER_CLUSTER_INFO)).isEqualTo(ResponseCode.SUCCESS);
        }
        assertStillServed();
    }

    @Test
    void aRemovedListenersInFlightRequestIsAnsweredBeforeItCloses() throws IOException {
        gateway.reload(with(EXTRA));
        String extra = "127.0.0.1:" + port("extra");
        String remoting = "127.0.0.1:" + port("remoting");
        try (RemotingTestClient viaExtra = new RemotingTestClient(extra);
                RemotingTestClient viaRemoting = new RemotingTestClient(remoting)) {
            assertThat(viaExtra.send("drained", 0, "a", "first").code()).isEqualTo(ResponseCode.SUCCESS);
            CompletableFuture<RemotingCommand> held = viaExtra.callAsync(
                    RemotingTestClient.pullRequest("drain-group", "drained", 0, 1, 15_000));
            // Answered after the pull on the same connection, so the pull has been read and is in flight.
            viaExtra.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build());

            CompletableFuture<ListenerChanges> removal = CompletableFuture.supplyAsync(() -> gateway.reload(base));
            await().atMost(WAIT).until(() -> refusesConnections(portOf(extra)));
            assertThat(held).isNotDone();
            assertThat(removal).isNotDone();

            assertThat(viaRemoting.send("drained", 0, "a", "second").code()).isEqualTo(ResponseCode.SUCCESS);

            assertThat(held).succeedsWithin(WAIT).satisfies(answer -> {
                assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(RemotingTestClient.messages(answer)).hasSize(1);
            });
            assertThat(removal).succeedsWithin(WAIT)
                    .satisfies(changes -> assertThat(changes.removed()).containsExactly("extra"));
        }
        assertStillServed();
    }

    @Test
    void aRemovedGrpcListenersCallInProgressIsAnsweredBeforeItCloses() throws Exception {
        gateway.reload(with(new ListenerConfig("grpc", "127.0.0.1", 0, List.of(ProtocolType.GRPC))));
        int grpcPort = port("grpc");
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        Metadata client = new Metadata();
        client.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), "test@1@1@drained");
        try (RemotingTestClient viaRemoting = new RemotingTestClient("127.0.0.1:" + port("remoting"))) {
            assertThat(viaRemoting.send("grpc-drained", 0, "a", "first").code()).isEqualTo(ResponseCode.SUCCESS);
            MessageQueue queue = MessageQueue.newBuilder().setTopic(Resource.newBuilder().setName("grpc-drained"))
                    .setId(0).setBroker(Broker.newBuilder().setName("broker-a")).build();
            PullResponses held = new PullResponses();
            MessagingServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(client))
                    .withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .pullMessage(PullMessageRequest.newBuilder().setGroup(Resource.newBuilder().setName("drain-group"))
                            .setMessageQueue(queue).setOffset(1).setBatchSize(1)
                            .setLongPollingTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(15)).build(),
                            held);
            // Answered after the pull on the same connection, so the pull has been read and is in flight.
            assertThat(MessagingServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(client))
                    .queryOffset(QueryOffsetRequest.newBuilder().setMessageQueue(queue)
                            .setQueryOffsetPolicy(QueryOffsetPolicy.END).build()).getOffset()).isEqualTo(1);

            CompletableFuture<ListenerChanges> removal = CompletableFuture.supplyAsync(() -> gateway.reload(base));
            await().atMost(WAIT).until(() -> refusesConnections(grpcPort));
            // Longer than a plain shutdown gives calls (3 s) before it cancels them: the drain waits for them.
            await().during(Duration.ofSeconds(4)).atMost(WAIT)
                    .until(() -> !held.messages.isDone() && !removal.isDone());

            assertThat(viaRemoting.send("grpc-drained", 0, "a", "second").code()).isEqualTo(ResponseCode.SUCCESS);

            assertThat(held.messages).succeedsWithin(WAIT).satisfies(messages ->
                    assertThat(messages).extracting(message -> message.getBody().toStringUtf8()).containsExactly("second"));
            assertThat(removal).succeedsWithin(WAIT)
                    .satisfies(changes -> assertThat(changes.removed()).containsExactly("grpc"));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertStillServed();
    }

    @Test
    void aConfigurationThatCannotBeServedChangesNothing() throws IOException {
        gateway.reload(with(EXTRA));
        List<BoundListener> before = gateway.listeners();

        assertThatThrownBy(() -> gateway.reload(base.withListeners(List.of(
                        base.listeners().get(0),
                        new ListenerConfig("extra", "127.0.0.1", 0, List.of(ProtocolType.of("nope")))))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listeners[1].protocols: no transport on the class path or in the plugin "
                        + "folder serves 'nope'");

        assertThat(gateway.listeners()).isEqualTo(before);
        assertStillServed();
    }

    @Test
    void otherSectionsChangedAreReportedAsNeedingARestartAndIgnored() throws IOException {
        BrokerSettings broker = base.broker();
        GatewayConfig renamed = new GatewayConfig(base.mode(), base.listeners(), base.store(),
                new BrokerSettings("other-name", broker.clusterName(), broker.advertisedAddress(),
                        broker.autoCreateTopics(), broker.defaultQueueNums(), broker.maxMessageSize(),
                        broker.delayLevels(), broker.maxReconsumeTimes(), broker.topicMessageTypeCheck(), broker.pop(),
                        broker.timer(), broker.transactions()),
                base.threads(), base.plugins());

        ListenerChanges changes = gateway.reload(renamed);

        assertThat(changes.needsRestart()).containsExactly("broker");
        assertThat(changes.unchanged()).containsExactly("remoting");
        assertThat(changes.added()).isEmpty();
        assertStillServed();
    }

    @Test
    void aPluginJarDroppedIntoTheFolderCanBeEnabled() throws IOException {
        PluginJars.lineEchoFolder(dir.resolve("plugins/line-echo"));

        ListenerChanges changes = gateway.reload(with(
                new ListenerConfig("echo", "127.0.0.1", 0, List.of(ProtocolType.of("line-echo")))));

        assertThat(changes.newPlugins()).containsExactly(dir.resolve("plugins/line-echo").toAbsolutePath().toString());
        assertThat(changes.added()).containsExactly("echo");
        try (Socket socket = new Socket("127.0.0.1", port("echo"))) {
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine()).startsWith("hello ping caffeine=caffeine-2.9.3.jar");
        }
        assertStillServed();
    }

    /** The messages of a PullMessage stream, once it ended. */
    private static final class PullResponses implements StreamObserver<PullMessageResponse> {

        final CompletableFuture<List<Message>> messages = new CompletableFuture<>();
        private final List<Message> received = new ArrayList<>();

        @Override
        public void onNext(PullMessageResponse response) {
            if (response.hasMessage()) {
                received.add(response.getMessage());
            }
        }

        @Override
        public void onError(Throwable failure) {
            messages.completeExceptionally(failure);
        }

        @Override
        public void onCompleted() {
            messages.complete(received);
        }
    }

    private GatewayConfig with(ListenerConfig extra) {
        List<ListenerConfig> listeners = new ArrayList<>(base.listeners());
        listeners.add(extra);
        return base.withListeners(listeners);
    }

    private void assertStillServed() throws IOException {
        assertThat(connected.call(RequestCode.GET_BROKER_CLUSTER_INFO)).isEqualTo(ResponseCode.SUCCESS);
    }

    private int port(String listener) {
        return gateway.listeners().stream()
                .filter(bound -> bound.name().equals(listener))
                .findFirst()
                .orElseThrow()
                .port();
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1));
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
