package dev.wharf.compat.grpc.support;

/**
 * How the SDK reaches the gRPC endpoint. The gateway serves both on one port; the Java SDK's default is TLS
 * (trusting any certificate), so a user who changes nothing connects with TLS.
 */
public enum Transport {

    PLAINTEXT(false),
    TLS(true);

    private final boolean ssl;

    Transport(boolean ssl) {
        this.ssl = ssl;
    }

    /** The SDK's {@code enableSsl} setting for this transport. */
    public boolean ssl() {
        return ssl;
    }
}
