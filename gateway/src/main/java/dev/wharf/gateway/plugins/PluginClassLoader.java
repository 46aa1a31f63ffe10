package dev.wharf.gateway.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin: the JDK, the plugin's own jars, and from the gateway only the packages the
 * transport SPI is made of. Those are the SPI itself, Netty (its signatures use Netty types, and every
 * transport runs on the gateway's event loops), SLF4J (so plugins log through the gateway's logging) and
 * Micrometer (the SPI's metrics). Every other class of the gateway (Jackson, Caffeine, gRPC...) is invisible,
 * so a plugin that bundles another version of such a library gets its own. A class of a shared package that the
 * gateway does not have is looked for in the plugin's jars: a Netty module the gateway does not ship
 * ({@code netty-codec-mqtt}) is bundled by the plugin that needs it.
 */
final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes a plugin shares with the gateway, as class names start. */
    static final List<String> SHARED_PACKAGES =
            List.of("dev.wharf.transport.spi.", "io.netty.", "org.slf4j.", "io.micrometer.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader gateway;

    /**
     * @param name names the plugin in stack traces: its jar or folder
     * @param jars the plugin's jars
     * @param gateway the loader of the gateway's classes, asked for the shared packages only
     */
    PluginClassLoader(String name, URL[] jars, ClassLoader gateway) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.gateway = gateway;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            try {
                return gateway.loadClass(name);
            } catch (ClassNotFoundException notInGateway) {
                return super.loadClass(name, resolve);
            }
        }
        // The parent is the JDK's platform loader, so this is the JDK first, then the plugin's jars.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        URL gatewayResource = sharedResource(name) ? gateway.getResource(name) : null;
        return gatewayResource != null ? gatewayResource : super.getResource(name);
    }

    /**
     * The plugin's own resources, and for the shared packages the gateway's. So a {@code ServiceLoader} on
     * this loader finds the plugin's {@code META-INF/services} entries, never the gateway's.
     */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return sharedResource(name) ? gateway.getResources(name) : super.getResources(name);
    }

    private static boolean shared(String className) {
        return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }

    private static boolean sharedResource(String path) {
        return shared(path.replace('/', '.'));
    }
}
