package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.Resource;
import dev.wharf.transport.grpc.TestClients.TrustingRecorder;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.tls.CertifiedKey;
import dev.wharf.transport.tls.DevelopmentAuthority;
import dev.wharf.transport.tls.PemFiles;
import dev.wharf.transport.tls.TlsPeer;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS on a gRPC listener: the client certificate's identity on the client's Connection. */
class GrpcMutualTlsTest {

    private static final Instant NOW = Instant.now();
    private static final Duration DAY = Duration.ofDays(1);
    private static final QueryRouteRequest QUERY_ROUTE = QueryRouteRequest.newBuilder()
            .setTopic(Resource.newBuilder().setName("orders"))
            .build();

    @TempDir
    Path dir;

    private final List<Optional<Principal>> peersSeen = new CopyOnWriteArrayList<>();
    private DevelopmentAuthority ca;
    private Path caFile;
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void certificates() throws Exception {
        ca = DevelopmentAuthority.create("CN=Test CA", NOW, DAY);
        caFile = PemFiles.writeCertificates(dir.resolve("ca.crt"), ca.certificate().chain());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            TestClients.close(channel);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requireShowsTheClientCertificateToProcessorsAndRefusesAClientWithout() throws Exception {
        start("require");
        CertifiedKey client = ca.issueClient("CN=orders-service,O=Example", List.of("orders.internal"), NOW, DAY);

        channel = channel(Optional.of(client));
        TestClients.stub(channel, Map.of("x-mq-client-id", "client-1")).queryRoute(QUERY_ROUTE);

        assertThat(peersSeen).isNotEmpty().allSatisfy(peer -> assertThat(peer).hasValueSatisfying(principal -> {
            assertThat(principal).isInstanceOf(TlsPeer.class);
            assertThat(principal.getName()).isEqualTo("CN=orders-service,O=Example");
            assertThat(((TlsPeer) principal).subjectAlternativeNames()).containsExactly("orders.internal");
        }));
        assertThat(server.server.sessions().orElseThrow().find("client-1").flatMap(GrpcClientConnection::tlsPeer))
                .map(Principal::getName).contains("CN=orders-service,O=Example");
        TestClients.close(channel);

        int seen = peersSeen.size();
        channel = channel(Optional.empty());
        assertThatThrownBy(() -> TestClients.stub(channel, Map.of("x-mq-client-id", "client-2")).queryRoute(QUERY_ROUTE))
                .isInstanceOf(StatusRuntimeException.class);
        assertThat(peersSeen).hasSize(seen);
    }

    @Test
    void optionalServesAClientWithoutACertificateWithNoIdentity() throws Exception {
        start("optional");

        channel = channel(Optional.empty());
        TestClients.stub(channel, Map.of("x-mq-client-id", "client-1")).queryRoute(QUERY_ROUTE);

        assertThat(peersSeen).isNotEmpty().allSatisfy(peer -> assertThat(peer).isEmpty());
    }

    private void start(String clientAuth) {
        server = TestGrpcServer.start("tls.mode", "enforcing", "tls.clientAuth", clientAuth, "tls.caPath", caFile.toString());
        server.server.registerDefaultProcessor((ctx, request) -> {
            peersSeen.add(ctx.connection().tlsPeer());
            return CompletableFuture.completedFuture(
                    RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST).remark("no such topic").build());
        }, Runnable::run);
    }

    /** A grpc-java client trusting any server (the development certificate), with a client certificate if given. */
    private ManagedChannel channel(Optional<CertifiedKey> clientKey) throws Exception {
        var tls = GrpcSslContexts.forClient().trustManager(new TrustingRecorder());
        clientKey.ifPresent(key -> tls.keyManager(key.privateKey(), key.chain()));
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port()).sslContext(tls.build()).build();
    }
}
