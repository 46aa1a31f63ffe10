package dev.wharf.bench;

import picocli.CommandLine.Option;

/** Where an HTTP run sends: Wharf's HTTP listener, whether over TLS, and the topic. */
public final class HttpTargetOptions {

    @Option(names = "--address", required = true, description = "Wharf's HTTP listener, host:port.")
    String address;

    @Option(names = "--tls", negatable = true, defaultValue = "false",
            description = "HTTP/2 over TLS (ALPN h2, any certificate accepted); --no-tls (the default) is h2c with prior knowledge.")
    boolean tls;

    @Option(names = "--topic", required = true, description = "Topic to produce to.")
    String topic;

    /** The target of a run with the HTTP client. */
    public LoadTarget target() {
        return new LoadTarget(LoadTarget.Protocol.HTTP, address, tls, topic);
    }
}
