package com.example.lineecho;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import java.util.List;

/**
 * A test plugin, compiled and packed into a jar by the gateway's tests (never on the gateway's class path):
 * a line protocol whose answers tell which Caffeine the plugin sees and whether Jackson is visible to it.
 */
public final class LineEchoProvider implements TransportProvider {

    @Override
    public ProtocolType protocol() {
        return ProtocolType.of("line-echo");
    }

    @Override
    public List<String> versions() {
        return List.of("1.0");
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("greeting", "hello", "what each answer starts with"),
                OptionSpec.integer("maxLineLength", "1024", "longest line read"));
    }

    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        return new LineEchoServer(context, config);
    }

    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException("line-echo has no client");
    }
}
