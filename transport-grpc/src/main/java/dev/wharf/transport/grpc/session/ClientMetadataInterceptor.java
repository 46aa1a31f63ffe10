package dev.wharf.transport.grpc.session;

import dev.wharf.transport.tls.TlsPeer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.Principal;

/**
 * Reads the RocketMQ request headers into a {@link ClientMetadata} for the call's {@link Context}. Only the
 * client-side headers are read; what the server knows itself (peer and local address) comes from the
 * transport, so a client cannot pass itself off as another address or identity: the verified client
 * certificate is read from the connection's TLS session.
 */
public final class ClientMetadataInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> CLIENT_ID = key("x-mq-client-id");
    static final Metadata.Key<String> LANGUAGE = key("x-mq-language");
    static final Metadata.Key<String> CLIENT_VERSION = key("x-mq-client-version");
    static final Metadata.Key<String> NAMESPACE = key("x-mq-namespace");
    static final Metadata.Key<String> REQUEST_ID = key("x-mq-request-id");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ClientMetadata metadata = new ClientMetadata(
                valueOf(headers, CLIENT_ID),
                valueOf(headers, LANGUAGE),
                valueOf(headers, CLIENT_VERSION),
                valueOf(headers, NAMESPACE),
                valueOf(headers, REQUEST_ID),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR),
                TlsPeer.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)).map(Principal.class::cast));
        Context context = Context.current().withValue(ClientMetadata.CONTEXT_KEY, metadata);
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    private static String valueOf(Metadata headers, Metadata.Key<String> key) {
        String value = headers.get(key);
        return value == null ? "" : value.trim();
    }
}
