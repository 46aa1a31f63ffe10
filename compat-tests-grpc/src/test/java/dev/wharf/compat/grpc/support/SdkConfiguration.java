package dev.wharf.compat.grpc.support;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;

/**
 * What the SDK's {@link ClientConfiguration} of a test holds: the server's gRPC endpoint, TLS or not, and a
 * request timeout generous for a loaded two-core machine (the SDK's default is 3 s).
 *
 * <pre>{@code
 * ClientConfiguration configuration = SdkConfiguration.of(server.server().grpcEndpoint(), Transport.TLS).build();
 * }</pre>
 *
 * @param endpoints {@code host:port} of the gRPC listener
 * @param transport plaintext or TLS
 * @param requestTimeout the deadline of each unary call; receive calls add their long-polling time
 */
public record SdkConfiguration(String endpoints, Transport transport, Duration requestTimeout) {

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public static SdkConfiguration of(String endpoints, Transport transport) {
        return new SdkConfiguration(endpoints, transport, REQUEST_TIMEOUT);
    }

    public ClientConfiguration build() {
        return ClientConfiguration.newBuilder()
                .setEndpoints(endpoints)
                .enableSsl(transport.ssl())
                .setRequestTimeout(requestTimeout)
                .build();
    }
}
