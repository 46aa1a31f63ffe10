package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.NegotiationException;
import dev.wharf.transport.spi.NegotiationOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Wharf client negotiating with Wharf servers, and with peers that do not negotiate, on 127.0.0.1. */
class NegotiationLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Compresses well: a negotiated connection sends it deflated. */
    private static final byte[] LARGE_BODY = "a message body that repeats; ".repeat(2_000).getBytes(StandardCharsets.UTF_8);

    private final TransportContext context = TransportContext.builder().ioThreads(2).build();
    private final List<NettyRemotingServer> servers = new ArrayList<>();
    private final List<RemotingClient> clients = new ArrayList<>();
    /** What the echo processor received, with the server-side connection it came on. */
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(RemotingCommand request, RemotingConnection connection) {}

    @AfterEach
    void stop() {
        clients.forEach(RemotingClient::close);
        servers.forEach(NettyRemotingServer::shutdown);
        context.close();
    }

    @Test
    void wharfToWharfPicksBinaryHeadersAndCompressionAndBothEndsSwitch() throws Exception {
        String address = start(ServerConfig.of("127.0.0.1", 0));
        RemotingClient client = autoClient();

        RemotingCommand response = client.invoke(address, echo(LARGE_BODY), WAIT).get();

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.body()).isEqualTo(LARGE_BODY);
        WireFormat best = new WireFormat(SerializeType.ROCKETMQ, BodyCompression.ZLIB);
        assertThat(((NettyRemotingClient) client).connection(address).get().wireFormat()).isEqualTo(best);
        assertThat(received).singleElement().satisfies(echoed -> {
            assertThat(echoed.request().serializeType()).isEqualTo(SerializeType.ROCKETMQ);
            assertThat(echoed.request().body()).isEqualTo(LARGE_BODY);
            assertThat(echoed.connection().wireFormat()).isEqualTo(best);
        });
        assertThat(response.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(negotiations("negotiated")).isEqualTo(1);
    }

    @Test
    void aServerAcceptingFewerChoicesGetsTheHighestItAccepts() throws Exception {
        String jsonOnly = start(ServerConfig.of("127.0.0.1", 0)
                .withOption(NettyRemotingServer.NEGOTIATION_HEADERS_OPTION, "JSON"));
        String uncompressed = start(ServerConfig.of("127.0.0.1", 0)
                .withOption(NettyRemotingServer.NEGOTIATION_COMPRESSION_OPTION, "none"));
        NettyRemotingClient client = (NettyRemotingClient) autoClient();

        client.invoke(jsonOnly, echo(LARGE_BODY), WAIT).get();
        client.invoke(uncompressed, echo(LARGE_BODY), WAIT).get();

        assertThat(client.connection(jsonOnly).get().wireFormat())
                .isEqualTo(new WireFormat(SerializeType.JSON, BodyCompression.ZLIB));
        assertThat(client.connection(uncompressed).get().wireFormat())
                .isEqualTo(new WireFormat(SerializeType.ROCKETMQ, BodyCompression.NONE));
        assertThat(received).extracting(echoed -> echoed.request().serializeType())
                .containsExactly(SerializeType.JSON, SerializeType.ROCKETMQ);
        assertThat(negotiations("negotiated")).isEqualTo(2);
    }

    @Test
    void theSecondConnectionToAnAddressReusesTheOutcomeWithoutAHandshake() throws Exception {
        String address = start(ServerConfig.of("127.0.0.1", 0));
        NettyRemotingClient client = (NettyRemotingClient) autoClient();
        client.invoke(address, echo(LARGE_BODY), WAIT).get();
        client.disconnect(address).get();

        RemotingCommand response = client.invoke(address, echo(LARGE_BODY), WAIT).get();

        assertThat(response.body()).isEqualTo(LARGE_BODY);
        assertThat(negotiations("negotiated")).isEqualTo(1);
        assertThat(negotiations("cached")).isEqualTo(1);
        assertThat(serverRequests("WHARF_NEGOTIATE")).isEqualTo(1);
        assertThat(received).hasSize(2);
        RemotingConnection second = received.get(1).connection();
        assertThat(second).isNotSameAs(received.get(0).connection());
        assertThat(received.get(1).request().serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        // No handshake told this end, but the client's compressed frames did.
        assertThat(second.wireFormat().compression()).isEqualTo(BodyCompression.ZLIB);
    }

    @Test
    void aServerWithNegotiationOffMakesTheClientFallBackAndRememberIt() throws Exception {
        String address = start(ServerConfig.of("127.0.0.1", 0).withOption(NettyRemotingServer.NEGOTIATION_OPTION, "false"));
        NettyRemotingClient client = (NettyRemotingClient) autoClient();

        RemotingCommand response = client.invoke(address, echo(LARGE_BODY), WAIT).get();
        client.disconnect(address).get();
        client.invoke(address, echo(LARGE_BODY), WAIT).get();

        assertThat(response.body()).isEqualTo(LARGE_BODY);
        assertThat(client.connection(address).get().wireFormat()).isEqualTo(WireFormat.BASELINE);
        assertThat(received).extracting(echoed -> echoed.request().serializeType())
                .containsExactly(SerializeType.JSON, SerializeType.JSON);
        assertThat(negotiations("fallback")).isEqualTo(1);
        assertThat(negotiations("cached")).isEqualTo(1);
        assertThat(serverRequests("WHARF_NEGOTIATE")).isEqualTo(1);
    }

    @Test
    void aPeerThatDoesNotAnswerTheHandshakeIsLeftWithinTheBoundForAFreshPlainConnection() throws Exception {
        List<RemotingConnection> handshakes = new CopyOnWriteArrayList<>();
        NettyRemotingServer server = server(ServerConfig.of("127.0.0.1", 0));
        server.registerProcessor(RequestCode.WHARF_NEGOTIATE, (ctx, request) -> {
            handshakes.add((RemotingConnection) ctx.connection());
            return new CompletableFuture<>();
        }, Runnable::run);
        String address = started(server);
        RemotingClient client = track(new NettyRemotingClient(context, ClientOptions.defaults().withNegotiation(
                NegotiationOptions.defaults().withEnabled(true).withTimeout(Duration.ofMillis(300)))));

        RemotingCommand response = client.invoke(address, echo(LARGE_BODY), WAIT).get();

        assertThat(response.body()).isEqualTo(LARGE_BODY);
        assertThat(negotiations("fallback")).isEqualTo(1);
        assertThat(handshakes).hasSize(1);
        // A late answer could still switch the silent end, so the client used another connection.
        assertThat(received).singleElement().satisfies(echoed -> {
            assertThat(echoed.connection()).isNotSameAs(handshakes.get(0));
            assertThat(echoed.request().serializeType()).isEqualTo(SerializeType.JSON);
        });
        await().atMost(WAIT).until(() -> !handshakes.get(0).isActive());
    }

    @Test
    void nothingInCommonFailsWithAnExceptionNamingExpectedFoundAndWhy() {
        String address = start(ServerConfig.of("127.0.0.1", 0));
        HandshakeOffer future = new HandshakeOffer(List.of(2), List.of(SerializeType.ROCKETMQ), List.of(BodyCompression.NONE));
        RemotingClient client = track(new NettyRemotingClient(context, negotiating(), future));

        assertThat(client.invoke(address, echo(LARGE_BODY), WAIT))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(NegotiationException.class)
                .withMessageContaining("expected a choice among protocols=remoting/2")
                .withMessageContaining("found VERSION_NOT_SUPPORTED (no common Remoting version: the client offers [2], "
                        + "this server accepts [1])")
                .withMessageContaining("none of what this client offers");
        assertThat(negotiations("failed")).isEqualTo(1);
        assertThat(received).isEmpty();
    }

    @Test
    void anAnswerOutsideTheOfferFailsTheNegotiation() {
        NettyRemotingServer server = server(ServerConfig.of("127.0.0.1", 0));
        server.registerProcessor(RequestCode.WHARF_NEGOTIATE, (ctx, request) -> CompletableFuture.completedFuture(
                new HandshakeAnswer(1, new WireFormat(SerializeType.ROCKETMQ, BodyCompression.ZLIB)).toResponse(request)),
                Runnable::run);
        String address = started(server);
        HandshakeOffer plainOnly = new HandshakeOffer(List.of(1), List.of(SerializeType.JSON), List.of(BodyCompression.NONE));
        RemotingClient client = track(new NettyRemotingClient(context, negotiating(), plainOnly));

        assertThat(client.invoke(address, echo(LARGE_BODY), WAIT))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(NegotiationException.class)
                .withMessageContaining("found remoting/1 with ROCKETMQ headers, zlib compression")
                .withMessageContaining("not offered");
    }

    @Test
    void anAddressWithASchemeSkipsTheHandshake() throws Exception {
        String address = start(ServerConfig.of("127.0.0.1", 0));
        RemotingClient client = autoClient();

        client.invoke("remoting://" + address, echo(LARGE_BODY), WAIT).get();

        assertThat(meterCount("negotiated") + meterCount("fallback") + meterCount("cached")).isZero();
        assertThat(received).singleElement()
                .satisfies(echoed -> assertThat(echoed.request().serializeType()).isEqualTo(SerializeType.JSON));
        assertThat(client.invoke("grpc://" + address, echo(LARGE_BODY), WAIT))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("speaks remoting, not grpc");
        assertThat(client.invoke("remoting+tls://" + address, echo(LARGE_BODY), WAIT))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(RemotingConnectException.class)
                .withMessageContaining("TLS");
    }

    @Test
    void aMalformedOfferIsAnsweredInvalidParameter() throws Exception {
        String address = start(ServerConfig.of("127.0.0.1", 0));
        RemotingClient plain = track(new NettyRemotingClient(context, ClientOptions.defaults()));

        RemotingCommand response = plain.invoke(address,
                RemotingCommand.request(RequestCode.WHARF_NEGOTIATE).extField("protocols", "remoting/one").build(),
                WAIT).get();

        assertThat(response.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(response.remark()).contains("malformed WHARF_NEGOTIATE").contains("remoting/one");
    }

    private RemotingClient autoClient() {
        return track(new TransportRegistry(context, List.of(new RemotingTransportProvider()))
                .createClient(ProtocolType.AUTO, ClientOptions.defaults()));
    }

    private static ClientOptions negotiating() {
        return ClientOptions.defaults().withNegotiation(NegotiationOptions.defaults().withEnabled(true));
    }

    private RemotingClient track(RemotingClient client) {
        clients.add(client);
        return client;
    }

    private String start(ServerConfig config) {
        return started(server(config));
    }

    private NettyRemotingServer server(ServerConfig config) {
        NettyRemotingServer server = new NettyRemotingServer(context, config);
        RequestProcessor echo = (ctx, request) -> {
            received.add(new Received(request, (RemotingConnection) ctx.connection()));
            return CompletableFuture.completedFuture(
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(request.body()).build());
        };
        server.registerProcessor(RequestCode.HEART_BEAT, echo, Runnable::run);
        servers.add(server);
        return server;
    }

    private String started(NettyRemotingServer server) {
        server.start();
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private static RemotingCommand echo(byte[] body) {
        return RemotingCommand.request(RequestCode.HEART_BEAT).body(body).build();
    }

    private double negotiations(String outcome) {
        return meterCount(outcome);
    }

    private double meterCount(String outcome) {
        Counter counter = context.metrics().registry().find(NettyRemotingClient.NEGOTIATIONS)
                .tags("protocol", "remoting", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double serverRequests(String request) {
        return context.metrics().registry().find("wharf.requests")
                .tags("protocol", "remoting", "request", request)
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
