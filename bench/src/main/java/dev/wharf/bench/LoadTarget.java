package dev.wharf.bench;

import java.util.Locale;

/**
 * Where a run sends or reads, and with which client.
 *
 * @param protocol the client: the classic Remoting client, the 5.x gRPC SDK or a Netty HTTP/2 client
 * @param address for Remoting, the name-server address(es) {@code host:port[;host:port]}; for gRPC, the endpoints;
 *     for HTTP, the listener's {@code host:port}
 * @param tls whether the gRPC or HTTP client encrypts (always false for Remoting)
 * @param topic the topic produced to or drained
 */
public record LoadTarget(Protocol protocol, String address, boolean tls, String topic) {

    /** The client a run drives. */
    public enum Protocol {
        /** The classic {@code rocketmq-client} (DefaultMQProducer, DefaultMQPushConsumer). */
        REMOTING,
        /** The 5.x SDK {@code rocketmq-client-java} (Producer, SimpleConsumer, PushConsumer). */
        GRPC,
        /** Wharf's HTTP JSON API over HTTP/2, every send a stream of one connection. */
        HTTP
    }

    public LoadTarget {
        if (protocol == Protocol.REMOTING && tls) {
            throw new IllegalArgumentException("the Remoting client runs without TLS here");
        }
    }

    /** {@code remoting 127.0.0.1:8080} or {@code grpc 127.0.0.1:8081 (tls)}: how reports name the target. */
    public String describe() {
        return protocol.name().toLowerCase(Locale.ROOT) + " " + address + (tls ? " (tls)" : "");
    }

    /** Adds the target's fields to a report's JSON line. */
    JsonLine putInto(JsonLine json) {
        return json.put("protocol", protocol.name().toLowerCase(Locale.ROOT))
                .put("address", address)
                .put("tls", tls)
                .put("topic", topic);
    }
}
