package dev.wharf.bench;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.message.MessageView;

/** What every 5.x SDK client of a run shares: its configuration, and how a received message is measured. */
final class GrpcClients {

    private GrpcClients() {}

    /** Endpoints and TLS from the target; {@code requestTimeout} bounds each call (the SDK's default is 3 s). */
    static ClientConfiguration configuration(LoadTarget target, Duration requestTimeout) {
        return ClientConfiguration.newBuilder()
                .setEndpoints(target.address())
                .enableSsl(target.tls())
                .setRequestTimeout(requestTimeout)
                .build();
    }

    /** A received message's body size. */
    static int bodyBytes(MessageView message) {
        return message.getBody().remaining();
    }
}
