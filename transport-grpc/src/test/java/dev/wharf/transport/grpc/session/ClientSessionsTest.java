package dev.wharf.transport.grpc.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.messaging.testing.MutableClock;
import dev.wharf.transport.spi.RemotingCommand;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClientSessionsTest {

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final ClientSessions sessions = new ClientSessions(clock);

    @Test
    void aClientSilentForLongerThanTheTimeoutIsForgottenAndItsConnectionClosed() {
        GrpcClientConnection connection = sessions.connection(metadata("gone"));

        clock.advance(Duration.ofMinutes(3));
        int expired = sessions.expireIdle(Duration.ofMinutes(2));

        assertThat(expired).isEqualTo(1);
        assertThat(sessions.find("gone")).isEmpty();
        assertThat(connection.isActive()).isFalse();
    }

    @Test
    void aClientThatCalledRecentlyOrKeepsItsTelemetryStreamOpenStays() {
        sessions.connection(metadata("streaming")).attach(new NoPush());
        sessions.connection(metadata("calling"));
        clock.advance(Duration.ofMinutes(3));
        sessions.connection(metadata("calling"));

        int expired = sessions.expireIdle(Duration.ofMinutes(2));

        assertThat(expired).isZero();
        assertThat(sessions.find("streaming")).isPresent();
        assertThat(sessions.find("calling")).map(GrpcClientConnection::isActive).isEqualTo(Optional.of(true));
    }

    private static ClientMetadata metadata(String clientId) {
        return new ClientMetadata(clientId, "JAVA", "5.0.7", "", "", new InetSocketAddress("10.0.0.7", 50000),
                new InetSocketAddress("10.0.0.5", 8081), Optional.empty());
    }

    private static final class NoPush implements ServerPush {
        @Override
        public CompletableFuture<Void> send(RemotingCommand command) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
            return new CompletableFuture<>();
        }

        @Override
        public void end(Status status) {}
    }
}
