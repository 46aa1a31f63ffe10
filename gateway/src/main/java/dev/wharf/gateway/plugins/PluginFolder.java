package dev.wharf.gateway.plugins;

import dev.wharf.gateway.config.ConfigException;
import dev.wharf.transport.spi.TransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a plugin folder: each {@code *.jar} directly in it, and each sub-folder (all the
 * {@code *.jar} files directly in it), is one plugin with a {@link PluginClassLoader} of its own, whose
 * transport providers {@link ServiceLoader} finds. A folder that does not exist holds no plugins, and a
 * sub-folder without jars is not a plugin (a source tree's {@code plugins/mqtt} next to a gateway started from
 * the repository's root, for one).
 *
 * <pre>{@code
 * List<Plugin> plugins = PluginFolder.of(Path.of("plugins")).load(List.of(), LocalGateway.class.getClassLoader());
 * }</pre>
 */
public final class PluginFolder {

    private static final Logger log = LoggerFactory.getLogger(PluginFolder.class);
    private static final String CONFIG_PATH = "plugins.path";

    private final Path folder;

    private PluginFolder(Path folder) {
        this.folder = folder;
    }

    public static PluginFolder of(Path folder) {
        return new PluginFolder(folder);
    }

    /**
     * Loads every plugin of the folder that is not among {@code loaded} (by source), in name order.
     *
     * @param gateway the loader whose SPI, Netty, SLF4J and Micrometer classes plugins share
     * @throws ConfigException naming the jar or folder of a plugin that cannot be loaded: unreadable, no
     *     provider, a provider class that is missing or whose constructor throws; nothing stays open then
     */
    public List<Plugin> load(List<Plugin> loaded, ClassLoader gateway) {
        List<Path> known = loaded.stream().map(Plugin::source).toList();
        List<Plugin> plugins = new ArrayList<>();
        try {
            for (Path source : sources()) {
                if (!known.contains(source)) {
                    plugins.add(loadOne(source, gateway));
                }
            }
            return plugins;
        } catch (RuntimeException e) {
            plugins.forEach(PluginFolder::closeQuietly);
            throw e;
        }
    }

    /** The plugin jars and folders of jars now in the folder, in name order. */
    public List<Path> sources() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> isJar(entry) || holdsJars(entry))
                    .map(entry -> entry.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(CONFIG_PATH, "cannot list the plugin folder " + folder.toAbsolutePath() + ": " + e);
        }
    }

    private static Plugin loadOne(Path source, ClassLoader gateway) {
        List<Path> jars = jarsOf(source);
        PluginClassLoader loader = new PluginClassLoader(source.getFileName().toString(), urls(jars), gateway);
        try {
            List<TransportProvider> providers = new ArrayList<>();
            for (ServiceLoader.Provider<TransportProvider> found
                    : ServiceLoader.load(TransportProvider.class, loader).stream().toList()) {
                providers.add(found.get());
            }
            if (providers.isEmpty()) {
                throw failure(source, "names no transport provider in META-INF/services/"
                        + TransportProvider.class.getName());
            }
            Plugin plugin = new Plugin(source, providers, loader);
            providers.forEach(provider -> log.info("plugin {}: protocol {} versions {}, provider {}", source,
                    provider.protocol(), provider.versions(), provider.getClass().getName()));
            return plugin;
        } catch (ServiceConfigurationError e) {
            closeQuietly(loader);
            throw failure(source, "cannot make its transport provider: " + reason(e));
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(loader);
            throw e instanceof ConfigException config ? config : failure(source, "cannot be loaded: " + reason(e));
        }
    }

    private static boolean holdsJars(Path entry) {
        if (!Files.isDirectory(entry)) {
            return false;
        }
        boolean plugin = !jarsOf(entry).isEmpty();
        if (!plugin) {
            log.debug("{} holds no jar, so it is not a plugin", entry.toAbsolutePath());
        }
        return plugin;
    }

    private static List<Path> jarsOf(Path source) {
        if (!Files.isDirectory(source)) {
            return List.of(source);
        }
        try (Stream<Path> entries = Files.list(source)) {
            return entries.filter(PluginFolder::isJar).sorted().toList();
        } catch (IOException e) {
            throw failure(source, "cannot be listed: " + e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        try {
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isJar(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".jar");
    }

    /** The innermost cause's message: what a user can act on ("Provider com.example.Mqtt not found"). */
    private static String reason(Throwable failure) {
        List<String> messages = new ArrayList<>();
        messages.add(failure.getMessage() == null ? failure.toString() : failure.getMessage());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            messages.add(cause.toString());
        }
        return String.join(": caused by ", messages);
    }

    private static ConfigException failure(Path source, String problem) {
        return new ConfigException(CONFIG_PATH, "plugin " + source + " " + problem);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.debug("closing {} failed", resource, e);
        }
    }
}
