package dev.wharf.bench;

import picocli.CommandLine.Option;

/** Where a gRPC run sends or reads: the endpoint the 5.x SDK is given, whether it uses TLS, and the topic. */
public final class GrpcTargetOptions {

    @Option(names = "--endpoint", required = true,
            description = "gRPC endpoint(s) for the SDK, host:port[;host:port] (Wharf's gRPC listener or a Proxy's grpcServerPort).")
    String endpoint;

    @Option(names = "--tls", negatable = true, defaultValue = "false",
            description = "Encrypt with TLS, as the SDK does by default; --no-tls (the default here) speaks plaintext h2c.")
    boolean tls;

    @Option(names = "--topic", required = true, description = "Topic to produce to or drain.")
    String topic;

    /** The target of a run with the gRPC SDK. */
    public LoadTarget target() {
        return new LoadTarget(LoadTarget.Protocol.GRPC, endpoint, tls, topic);
    }
}
