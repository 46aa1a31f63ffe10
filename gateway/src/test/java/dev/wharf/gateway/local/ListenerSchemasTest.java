package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.transport.grpc.GrpcTransportProvider;
import dev.wharf.transport.http2.HttpTransportProvider;
import dev.wharf.transport.remoting.RemotingTransportProvider;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.websocket.WebSocketTransportProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerSchemasTest {

    private static final TransportProvider REMOTING = new RemotingTransportProvider();
    private static final TransportProvider GRPC = new GrpcTransportProvider();
    private static final TransportProvider HTTP = new HttpTransportProvider();
    private static final TransportProvider WEBSOCKET = new WebSocketTransportProvider();

    @Test
    void theOptionsTheBuiltInTransportsReadAreAccepted() {
        assertThatCode(() -> {
            check(List.of(REMOTING), Map.of("idleTimeout", "PT60S", "maxFrameLength", "1048576", "negotiation", "false",
                    "negotiation.headers", "JSON"));
            check(List.of(GRPC), Map.of("businessThreads", "8", "permitKeepAliveTime", "10s"));
            check(List.of(HTTP), Map.of("tokens", "a,b", "maxRequestBytes", "6MiB", "idleTimeout", "120s",
                    "queueCapacity", "100"));
            check(List.of(WEBSOCKET), Map.of("allowedOrigins", "*", "maxFrameBytes", "1MiB", "pingInterval", "15s"));
        }).doesNotThrowAnyException();
    }

    @Test
    void anOptionNoProtocolOfTheListenerReadsIsRefusedWithWhatItTakes() {
        assertThatThrownBy(() -> check(List.of(REMOTING), Map.of("tokens", "s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[3].options.tokens: is not an option of remoting; known: idleTimeout, "
                        + "maxFrameLength, negotiation, negotiation.compression, negotiation.headers");
    }

    @Test
    void aBadValueIsRefusedNamingTheProtocolThatReadsIt() {
        assertThatThrownBy(() -> check(List.of(HTTP), Map.of("maxConcurrentStreams", "many")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[3].options.maxConcurrentStreams: must be a whole number, got 'many' "
                        + "(http: most HTTP/2 requests in flight per connection)");
        assertThatThrownBy(() -> check(List.of(REMOTING), Map.of("idleTimeout", "soon")))
                .hasMessageStartingWith("listeners[3].options.idleTimeout: must be a positive duration");
    }

    @Test
    void aSharedPortTakesEveryProtocolsOptionsAndItsOwn() {
        assertThatCode(() -> check(List.of(REMOTING, HTTP, WEBSOCKET),
                Map.of("detectionTimeout", "5s", "tokens", "t", "negotiation", "true")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(List.of(REMOTING), Map.of("detectionTimeout", "5s")))
                .hasMessageStartingWith("listeners[3].options.detectionTimeout: is not an option of remoting");
    }

    @Test
    void anOptionTwoProtocolsReadMustSuitBoth() {
        assertThatThrownBy(() -> check(List.of(HTTP, WEBSOCKET), Map.of("idleTimeout", "0s")))
                .hasMessageStartingWith("listeners[3].options.idleTimeout: must be a positive duration");
    }

    @Test
    void aRequiredOptionLeftOutIsRefused() {
        TransportProvider realm = new RealmProvider();
        assertThatThrownBy(() -> check(List.of(realm), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[3].options.realm: is required by realm-test: the authentication realm");
        assertThatCode(() -> check(List.of(realm), Map.of("realm", "corp"))).doesNotThrowAnyException();
    }

    @Test
    void aProviderWithoutASchemaTakesNoOptions() {
        assertThatThrownBy(() -> check(List.of(new PlaintextOnlyTransportProvider()), Map.of("any", "1")))
                .hasMessage("listeners[3].options.any: is not an option of plaintext-test; it takes none");
    }

    private static void check(List<TransportProvider> providers, Map<String, String> options) {
        ListenerConfig listener = new ListenerConfig("l", "127.0.0.1", 0,
                providers.stream().map(TransportProvider::protocol).toList(), Optional.empty(), options);
        ListenerSchemas.check(listener, providers, "listeners[3]");
    }

    /** A provider with a required option. */
    private static final class RealmProvider implements TransportProvider {
        @Override
        public ProtocolType protocol() {
            return ProtocolType.of("realm-test");
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.string("realm", null, "the authentication realm").asRequired());
        }

        @Override
        public RemotingServer newServer(TransportContext context, ServerConfig config) {
            throw new UnsupportedOperationException("only its schema is tested");
        }

        @Override
        public RemotingClient newClient(TransportContext context, ClientOptions options) {
            throw new UnsupportedOperationException("only its schema is tested");
        }
    }
}
