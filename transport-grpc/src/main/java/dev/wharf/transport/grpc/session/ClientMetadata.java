package dev.wharf.transport.grpc.session;

import io.grpc.Context;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the RocketMQ headers every official SDK sends on every call, and the transport's own
 * view of the peer. The addresses come from the connection, never from headers a client could forge.
 *
 * @param clientId {@code x-mq-client-id}; blank when the client sent none (the call is then refused)
 * @param language {@code x-mq-language}, as sent ({@code JAVA}, {@code GO}, …); blank when absent
 * @param clientVersion {@code x-mq-client-version}; blank when absent
 * @param namespace {@code x-mq-namespace}; blank for none
 * @param requestId {@code x-mq-request-id}, for logs
 * @param remoteAddress the peer's address as the socket sees it
 * @param localAddress the address the client reached us on
 * @param tlsPeer the client certificate TLS verified on the call's connection (mutual TLS); empty for none
 */
public record ClientMetadata(
        String clientId,
        String language,
        String clientVersion,
        String namespace,
        String requestId,
        SocketAddress remoteAddress,
        SocketAddress localAddress,
        Optional<Principal> tlsPeer) {

    public ClientMetadata {
        Objects.requireNonNull(tlsPeer, "tlsPeer");
    }

    static final Context.Key<ClientMetadata> CONTEXT_KEY = Context.key("wharf-client-metadata");

    /** The calling client's metadata, inside a call that went through {@link ClientMetadataInterceptor}. */
    public static ClientMetadata current() {
        ClientMetadata metadata = CONTEXT_KEY.get();
        if (metadata == null) {
            throw new IllegalStateException("no client metadata: the call did not pass ClientMetadataInterceptor");
        }
        return metadata;
    }

    public boolean hasClientId() {
        return !clientId.isBlank();
    }

    /** {@code host:port} of the peer, the form Remoting headers use for born hosts. */
    public String remoteHostPort() {
        return remoteAddress instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : String.valueOf(remoteAddress);
    }
}
