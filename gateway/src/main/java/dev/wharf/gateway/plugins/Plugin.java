package dev.wharf.gateway.plugins;

import dev.wharf.transport.spi.TransportProvider;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * One loaded plugin: a jar, or a folder of jars, with the transport providers found in its class loader.
 *
 * @param source the jar or folder in the plugin folder
 * @param providers what its {@code META-INF/services/dev.wharf.transport.spi.TransportProvider} names
 * @param loader its own class loader, closed with the gateway
 */
public record Plugin(Path source, List<TransportProvider> providers, URLClassLoader loader) implements AutoCloseable {

    public Plugin {
        providers = List.copyOf(providers);
    }

    /** Releases the jars. */
    @Override
    public void close() throws IOException {
        loader.close();
    }
}
