package dev.wharf.compat.grpc.matrix;

/** The clients of the matrix: one per wire protocol, HTTP twice (HTTP/2 and HTTP/1.1 on the gateway's http). */
enum ClientProtocol {

    /** The official Remoting client, rocketmq-client 5.x. */
    REMOTING("remoting", "remoting"),
    /** The official 5.x gRPC SDK, rocketmq-client-java. */
    GRPC("grpc", "grpc"),
    /** The JDK's HttpClient speaking HTTP/2: h2c by upgrade in the clear, ALPN h2 over TLS. */
    HTTP2("http2", "http"),
    /** The JDK's HttpClient speaking HTTP/1.1. */
    HTTP1_1("http1.1", "http"),
    /** The JDK's WebSocket, ws:// or wss://. */
    WEBSOCKET("websocket", "websocket");

    private final String label;
    private final String gatewayProtocol;

    ClientProtocol(String label, String gatewayProtocol) {
        this.label = label;
        this.gatewayProtocol = gatewayProtocol;
    }

    /** How case names spell it. */
    String label() {
        return label;
    }

    /** The gateway protocol ({@code protocols: [...]} of a listener) that serves this client. */
    String gatewayProtocol() {
        return gatewayProtocol;
    }
}
